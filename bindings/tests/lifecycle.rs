//! Starts anvil, deploys the whole system from Rust and plays the core loop as real
//! players would from their wallets: register, verify, create a community, grow it,
//! create its points, award them, then one task from publish to payout with a point
//! reward. Checks the chain state and the events the indexer will read, and that every
//! step stays under the gas ceilings of the design (transaction gas, as a wallet pays).

use alloy::{
    network::EthereumWallet,
    node_bindings::{Anvil, AnvilInstance},
    primitives::{Address, B256, U256, keccak256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::TransactionReceipt,
    signers::local::PrivateKeySigner,
    sol_types::SolEvent,
};
use bindings::{Communities, CommunityPoints, Posts, Profiles, TaskMarket};
use testkit::{
    deploy::{DeployConfig, deploy_all},
    tools,
};

struct Player {
    address: Address,
    provider: DynProvider,
}

fn player(anvil: &AnvilInstance, index: usize) -> Player {
    let signer: PrivateKeySigner = anvil.keys()[index].clone().into();
    let address = signer.address();
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(anvil.endpoint_url())
        .erased();
    Player { address, provider }
}

/// Sends a call, waits for the receipt and insists it succeeded.
macro_rules! send {
    ($call:expr) => {{
        let receipt: TransactionReceipt = $call
            .send()
            .await
            .expect("the node accepts the transaction")
            .get_receipt()
            .await
            .expect("a receipt");
        assert!(receipt.status(), "transaction reverted: {receipt:?}");
        receipt
    }};
}

fn doc(text: &str) -> B256 {
    keccak256(text.as_bytes())
}

#[tokio::test]
async fn a_task_runs_from_publish_to_payout_in_community_points() {
    let anvil = Anvil::at(tools::anvil_path())
        .try_spawn()
        .expect("anvil starts (run `npm ci` first)");
    let admin = player(&anvil, 0);
    let publisher = player(&anvil, 1);
    let alice = player(&anvil, 2);
    let bob = player(&anvil, 3);
    let carol = player(&anvil, 4);
    let dave = player(&anvil, 5);

    let deployment = deploy_all(admin.provider.clone(), DeployConfig::new(admin.address))
        .await
        .expect("the system deploys");
    assert_eq!(deployment.chain_id, 31337);
    let c = deployment.contracts;
    for (name, address) in c.named() {
        let code = admin.provider.get_code_at(address).await.unwrap();
        assert!(!code.is_empty(), "{name} has no code at {address}");
    }

    // Accounts: everyone registers; the admin verifies alice and makes `publisher` one.
    for (who, name) in [
        (&publisher, "publisher"),
        (&alice, "alice"),
        (&bob, "bob"),
        (&carol, "carol"),
        (&dave, "dave_the_player"),
    ] {
        let profiles = Profiles::new(c.Profiles, who.provider.clone());
        send!(profiles.register(name.into(), doc(name)));
    }
    let profiles = Profiles::new(c.Profiles, admin.provider.clone());
    send!(profiles.setVerified(alice.address, true));
    let publisher_role = profiles.TASK_PUBLISHER_ROLE().call().await.unwrap();
    send!(profiles.grantRole(publisher_role, publisher.address));
    assert_eq!(
        profiles.usernameOf(dave.address).call().await.unwrap(),
        "dave_the_player"
    );

    // A community that grows popular enough to mint its own points.
    let communities = Communities::new(c.Communities, alice.provider.clone());
    let receipt = send!(communities.createCommunity(
        "原神 Genshin".into(),
        "Genshin Impact".into(),
        doc("desc")
    ));
    let created = receipt
        .decoded_log::<Communities::CommunityCreated>()
        .expect("CommunityCreated");
    let community_id = created.id;
    assert_eq!(community_id, U256::from(1));
    assert_eq!(created.name, "原神 Genshin");
    for who in [&bob, &carol, &dave, &publisher] {
        send!(Communities::new(c.Communities, who.provider.clone()).join(community_id));
    }
    let receipt =
        send!(communities.createPoints(community_id, "Genshin Points".into(), "GP".into()));
    let token = receipt
        .decoded_log::<Communities::PointsCreated>()
        .expect("PointsCreated")
        .token;
    let points = CommunityPoints::new(token, admin.provider.clone());
    assert_eq!(points.decimals().call().await.unwrap(), 0);
    let receipt = send!(communities.award(
        community_id,
        publisher.address,
        U256::from(100),
        "weekly event".into()
    ));
    assert_eq!(
        receipt
            .decoded_log::<Communities::PointsAwarded>()
            .unwrap()
            .source,
        "weekly event"
    );

    // A post, a like and a comment: the social loop.
    let posts = Posts::new(c.Posts, bob.provider.clone());
    let create_post = send!(posts.createPost(community_id, "First clear!".into(), doc("body")));
    let post_id = create_post
        .decoded_log::<Posts::PostCreated>()
        .unwrap()
        .postId;
    let like = send!(Posts::new(c.Posts, carol.provider.clone()).like(post_id));
    let comment = send!(Posts::new(c.Posts, carol.provider.clone()).comment(2, post_id, doc("gg")));

    // The task: publish (escrow 50 points), claim, submit, approve, payout.
    let reward = U256::from(50);
    let approve = send!(
        CommunityPoints::new(token, publisher.provider.clone()).approve(c.TaskMarket, reward)
    );
    let market = TaskMarket::new(c.TaskMarket, publisher.provider.clone());
    let now = admin
        .provider
        .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let publish = send!(market.publishTask(
        community_id,
        "Clear Spiral Abyss floor 12".into(),
        doc("spec"),
        token,
        reward,
        now + 86_400
    ));
    let published = publish
        .decoded_log::<TaskMarket::TaskPublished>()
        .expect("TaskPublished");
    let task_id = published.id;
    assert_eq!(published.reward, reward);
    assert_eq!(points.balanceOf(c.TaskMarket).call().await.unwrap(), reward);

    let as_dave = TaskMarket::new(c.TaskMarket, dave.provider.clone());
    let claim = send!(as_dave.claimTask(task_id));
    let submit = send!(as_dave.submitWork(task_id, doc("proof")));
    let approve_work = send!(market.approveWork(task_id));
    let paid = approve_work
        .decoded_log::<TaskMarket::TaskPaid>()
        .expect("TaskPaid");
    assert_eq!(paid.taskId, task_id);
    assert_eq!(paid.from, publisher.address);
    assert_eq!(paid.to, dave.address);
    assert_eq!(paid.token, token);
    assert_eq!(paid.amount, reward);
    assert_eq!(points.balanceOf(dave.address).call().await.unwrap(), reward);
    assert_eq!(
        points.balanceOf(c.TaskMarket).call().await.unwrap(),
        U256::ZERO
    );
    assert_eq!(market.escrowed(token).call().await.unwrap(), U256::ZERO);
    let task = market.getTask(task_id).call().await.unwrap();
    assert_eq!(task.status, 4, "Completed");
    assert_eq!(task.claimer, dave.address);

    // A second claim of a finished task is refused with the contract's own error.
    let Err(err) = as_dave.claimTask(task_id).call().await else {
        panic!("claiming a completed task must revert");
    };
    let decoded = err
        .as_decoded_interface_error::<TaskMarket::TaskMarketErrors>()
        .expect("a TaskMarket custom error");
    assert!(
        matches!(
            decoded,
            TaskMarket::TaskMarketErrors::TaskMarketWrongStatus(_)
        ),
        "{decoded:?}"
    );

    // Gas, as the wallet pays it (intrinsic cost included).
    let gas = |r: &TransactionReceipt| r.gas_used;
    let lifecycle = gas(&publish) + gas(&claim) + gas(&submit) + gas(&approve_work);
    println!("gas createPost      {}", gas(&create_post));
    println!("gas like            {}", gas(&like));
    println!("gas comment         {}", gas(&comment));
    println!("gas approve (ERC20) {}", gas(&approve));
    println!("gas publishTask     {}", gas(&publish));
    println!("gas claimTask       {}", gas(&claim));
    println!("gas submitWork      {}", gas(&submit));
    println!("gas approveWork     {}", gas(&approve_work));
    println!("gas lifecycle       {lifecycle}");
    assert!(
        gas(&create_post) <= 100_000,
        "createPost {}",
        gas(&create_post)
    );
    // The design's 50k ceiling for a like cannot hold together with the seed's rule that
    // visitors cannot act: 21.2k intrinsic + 22.1k for the new like slot + 2.1k each to
    // read the post and the pause flag + 1.9k for the event come to about 49k, and asking
    // Profiles whether the sender registered is a cold call (2.6k) plus a cold read
    // (2.1k). Accepting sponsored requests (ERC-2771: is the caller the trusted forwarder?)
    // adds about 0.3k. We keep both; the README's gas table says so. This bound catches any
    // regression beyond that.
    assert!(gas(&like) <= 56_500, "like {}", gas(&like));
    assert!(gas(&comment) <= 100_000, "comment {}", gas(&comment));
    assert!(gas(&claim) <= 70_000, "claimTask {}", gas(&claim));
    assert!(lifecycle <= 400_000, "lifecycle {lifecycle}");

    // The events carry what the read model needs: the TaskPublished log alone holds
    // the title, hash, token, reward and deadline.
    let log = publish
        .inner
        .logs()
        .iter()
        .find(|l| l.topic0() == Some(&TaskMarket::TaskPublished::SIGNATURE_HASH))
        .unwrap();
    let decoded = TaskMarket::TaskPublished::decode_log(&log.inner).unwrap();
    assert_eq!(decoded.title, "Clear Spiral Abyss floor 12");
    assert_eq!(decoded.deadline, now + 86_400);
}
