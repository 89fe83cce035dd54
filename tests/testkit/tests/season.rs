//! `play_season` on a fresh chain: every event of the ABIs is emitted, every task and
//! order status is reached, and the season's expected state is the chain's.

use alloy::primitives::{Address, U256, keccak256};
use bindings::{
    Communities, CommunityPoints, PointExchange, PointMall, Posts, Profiles, TaskMarket,
};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;
use testkit::{events, play_season, start_chain, status, tools};

/// Event names per contract, read from `bindings/abi/<Contract>.json`.
fn abi_events() -> BTreeMap<String, BTreeSet<String>> {
    let dir = tools::repo_root().join("bindings").join("abi");
    bindings::CONTRACT_NAMES
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            let abi = doc.get("abi").unwrap_or(&doc).as_array().unwrap().clone();
            let events = abi
                .iter()
                .filter(|e| e["type"] == "event")
                .map(|e| e["name"].as_str().unwrap().to_string())
                .collect();
            (name.to_string(), events)
        })
        .collect()
}

#[tokio::test]
async fn a_season_emits_every_event_and_ends_as_it_says() {
    let chain = start_chain()
        .await
        .expect("anvil starts and the system deploys");
    let started = Instant::now();
    let season = play_season(&chain).await.expect("the season plays");
    println!(
        "play_season: {} transactions, blocks {}..={}, {:?}",
        season.tx_count,
        season.first_block,
        season.last_block,
        started.elapsed()
    );
    let c = chain.contracts();
    let p = &chain.provider;

    // (a) Every event name of the eight ABIs, but the two the contracts never emit and the
    // forwarder's (the season sends no sponsored request).
    let abi = abi_events();
    let expected: BTreeSet<String> = abi
        .values()
        .flatten()
        .filter(|name| !events::NEVER_EMITTED.contains(&name.as_str()))
        .filter(|name| !events::NOT_PLAYED.iter().any(|(_, n)| n == name))
        .cloned()
        .collect();
    assert_eq!(season.event_names(), expected);
    assert!(season.contract_event_counts[&("CommunityPoints".into(), "Approval".into())] > 0);
    // And per contract, but what no EOA can make PointMall emit.
    let expected: BTreeSet<(String, String)> = abi
        .iter()
        .flat_map(|(contract, names)| names.iter().map(|n| (contract.clone(), n.clone())))
        .filter(|(_, name)| !events::NEVER_EMITTED.contains(&name.as_str()))
        .filter(|(c, n)| !events::UNREACHABLE.contains(&(c.as_str(), n.as_str())))
        .filter(|(c, n)| !events::NOT_PLAYED.contains(&(c.as_str(), n.as_str())))
        .collect();
    let seen: BTreeSet<(String, String)> = season.contract_event_counts.keys().cloned().collect();
    assert_eq!(seen, expected);
    // The bindings' catalog agrees with the ABI files.
    let catalog: BTreeSet<(String, String)> = events::catalog()
        .iter()
        .map(|e| (e.contract.to_string(), e.name.to_string()))
        .collect();
    let files: BTreeSet<(String, String)> = abi
        .iter()
        .flat_map(|(contract, names)| names.iter().map(|n| (contract.clone(), n.clone())))
        .collect();
    assert_eq!(catalog, files);

    // (b) Tasks, orders and offers end where the season says, in every status.
    let market = TaskMarket::new(c.TaskMarket, p);
    assert_eq!(
        market.taskCount().call().await.unwrap(),
        U256::from(season.tasks.len())
    );
    let mut task_statuses = BTreeSet::new();
    let work_period = market.workPeriod().call().await.unwrap();
    for t in &season.tasks {
        let on_chain = market.getTask(U256::from(t.id)).call().await.unwrap();
        // The work deadline the season keeps is the claim's, while a claim runs.
        let live_claim = [status::TASK_CLAIMED, status::TASK_SUBMITTED].contains(&t.status);
        assert_eq!(t.work_deadline.is_some(), live_claim, "task {}", t.id);
        if let Some(deadline) = t.work_deadline {
            assert_eq!(
                deadline,
                u64::from(on_chain.claimedAt) + work_period,
                "task {}",
                t.id
            );
        }
        assert_eq!(
            t.dispute_deadline.is_some(),
            t.status == status::TASK_DISPUTED,
            "task {}",
            t.id
        );
        for &claimer in &t.released {
            assert!(
                market
                    .wasReleased(U256::from(t.id), claimer)
                    .call()
                    .await
                    .unwrap()
            );
        }
        assert_eq!(on_chain.status, t.status, "task {} {}", t.id, t.title);
        assert_eq!(on_chain.claimer, t.claimer, "task {} claimer", t.id);
        assert_eq!(on_chain.publisher, t.publisher);
        assert_eq!(on_chain.reward, t.reward);
        assert_eq!(on_chain.rewardToken, t.reward_token);
        assert_eq!(on_chain.deadline, t.deadline);
        assert_eq!(on_chain.specHash, t.spec_hash);
        assert!(season.documents.contains_key(&t.spec_hash));
        task_statuses.insert(t.status);
    }
    assert_eq!(task_statuses, BTreeSet::from(status::TASK_ALL));
    assert!(season.tasks.iter().any(|t| !t.released.is_empty()));

    let mall = PointMall::new(c.PointMall, p);
    assert_eq!(
        mall.orderCount().call().await.unwrap(),
        U256::from(season.orders.len())
    );
    let mut order_statuses = BTreeSet::new();
    for o in &season.orders {
        let on_chain = mall.getOrder(U256::from(o.id)).call().await.unwrap();
        assert_eq!(on_chain.status, o.status, "order {}", o.id);
        assert_eq!(on_chain.buyer, o.buyer);
        assert_eq!(on_chain.quantity, o.quantity);
        assert_eq!(U256::from(on_chain.amount), o.amount);
        assert_eq!(on_chain.itemId, o.item_id);
        assert_eq!(on_chain.reviewed, o.stars.is_some());
        assert_eq!(
            mall.orderExpiresAt(U256::from(o.id)).call().await.unwrap(),
            o.expires_at,
            "order {}",
            o.id
        );
        order_statuses.insert(o.status);
    }
    assert_eq!(order_statuses, BTreeSet::from(status::ORDER_ALL));
    for i in &season.items {
        let on_chain = mall.getItem(U256::from(i.id)).call().await.unwrap();
        assert_eq!(on_chain.stock, i.stock, "item {} {}", i.id, i.name);
        assert_eq!(U256::from(on_chain.price), i.price);
        assert_eq!(on_chain.active, i.active);
        assert_eq!(on_chain.token, i.token);
        assert_eq!(on_chain.ratingSum, i.rating_sum);
        assert_eq!(on_chain.ratingCount, i.rating_count);
    }

    let exchange = PointExchange::new(c.PointExchange, p);
    let mut offer_statuses = BTreeSet::new();
    for o in &season.offers {
        let on_chain = exchange.getOffer(U256::from(o.id)).call().await.unwrap();
        assert_eq!(on_chain.status, o.status, "offer {}", o.id);
        assert_eq!(on_chain.maker, o.maker);
        assert_eq!(on_chain.giveAmount, o.give_amount);
        assert_eq!(on_chain.wantToken, o.want_token);
        offer_statuses.insert(o.status);
    }
    assert_eq!(offer_statuses, BTreeSet::from([1, 2, 3]));
    // Deferred payouts were withdrawn: nothing is owed any more.
    assert_eq!(
        market.totalOwed(Address::ZERO).call().await.unwrap(),
        U256::ZERO
    );
    assert_eq!(
        exchange.totalOwed(Address::ZERO).call().await.unwrap(),
        U256::ZERO
    );

    // (c) Point balances (folded from Transfer logs) are the tokens' balances.
    let mut supply: BTreeMap<Address, U256> = BTreeMap::new();
    for (&(token, account), &balance) in &season.balances {
        let points = CommunityPoints::new(token, p);
        assert_eq!(
            points.balanceOf(account).call().await.unwrap(),
            balance,
            "balance of {account} in {token}"
        );
        *supply.entry(token).or_default() += balance;
    }
    assert_eq!(supply.len(), 2, "two communities created points");
    for (token, total) in supply {
        let points = CommunityPoints::new(token, p);
        assert_eq!(points.totalSupply().call().await.unwrap(), total);
    }
    // The escrows hold what the open tasks, paid orders and open offers say.
    let community = |id: u64| season.community(id).unwrap();
    let ys = community(1).points.unwrap();
    let escrow_tasks: U256 = season
        .tasks
        .iter()
        .filter(|t| t.reward_token == ys && [1, 2, 3, 7].contains(&t.status))
        .map(|t| t.reward)
        .sum();
    assert_eq!(season.balance(ys, c.TaskMarket), escrow_tasks);
    let escrow_orders: U256 = season
        .orders
        .iter()
        .filter(|o| o.status == status::ORDER_PAID)
        .filter(|o| {
            season
                .items
                .iter()
                .any(|i| i.id == o.item_id && i.token == ys)
        })
        .map(|o| o.amount)
        .sum();
    assert_eq!(season.balance(ys, c.PointMall), escrow_orders);

    // Users, communities, posts and comments are as the season says.
    let profiles = Profiles::new(c.Profiles, p);
    for u in &season.users {
        assert_eq!(
            profiles.usernameOf(u.address).call().await.unwrap(),
            u.username
        );
        assert_eq!(
            profiles.addressOf(u.username.clone()).call().await.unwrap(),
            u.address
        );
        assert_eq!(
            profiles.isVerified(u.address).call().await.unwrap(),
            u.verified
        );
        assert_eq!(
            profiles.profileHashOf(u.address).call().await.unwrap(),
            u.profile_hash
        );
    }
    assert_eq!(season.users.len(), 11);
    // The recovery retired wangwu's old address and moved his standing everywhere.
    let (old, new) = (
        chain.player("wangwu").unwrap().address,
        chain.player("wangwu_new").unwrap().address,
    );
    assert_eq!(profiles.retiredTo(old).call().await.unwrap(), new);
    assert!(
        communities_of(&chain, old).await.is_empty(),
        "the old address keeps nothing"
    );
    assert!(season.communities.iter().any(|cm| cm.admins.contains(&new)));
    assert_eq!(
        season.user("wangwu").unwrap().address,
        chain.player("wangwu_new").unwrap().address
    );
    assert!(
        season
            .users
            .iter()
            .any(|u| u.username == "alice" && u.verified)
    );

    let communities = Communities::new(c.Communities, p);
    for cm in &season.communities {
        let id = U256::from(cm.id);
        assert_eq!(
            communities.memberCount(id).call().await.unwrap(),
            U256::from(cm.member_count()),
            "community {} {}",
            cm.id,
            cm.name
        );
        assert_eq!(
            communities.pointsOf(id).call().await.unwrap(),
            cm.points.unwrap_or_default()
        );
        for &m in &cm.members {
            assert!(communities.isMember(id, m).call().await.unwrap());
        }
        for &a in &cm.admins {
            assert!(communities.isCommunityAdmin(id, a).call().await.unwrap());
            let standing = communities.standingOf(id, a).call().await.unwrap();
            assert_eq!(Some(standing.adminSince), cm.admin_since.get(&a).copied());
        }
        assert_eq!(
            cm.admins,
            cm.admin_since.keys().copied().collect::<BTreeSet<_>>()
        );
        for &b in &cm.banned {
            assert!(communities.isBanned(id, b).call().await.unwrap());
        }
        for &post in &cm.pinned {
            assert!(
                communities
                    .isPinned(id, U256::from(post))
                    .call()
                    .await
                    .unwrap()
            );
        }
    }
    let posts = Posts::new(c.Posts, p);
    assert_eq!(
        posts.postCount().call().await.unwrap(),
        U256::from(season.posts.len())
    );
    for post in &season.posts {
        let on_chain = posts.getPost(U256::from(post.id)).call().await.unwrap();
        assert_eq!(on_chain.removed, post.removed, "post {}", post.id);
        assert_eq!(on_chain.author, post.author);
        assert_eq!(on_chain.contentHash, post.content_hash);
        assert_eq!(on_chain.communityId, post.community_id);
        for &liker in &post.likers {
            assert!(
                posts
                    .hasLiked(U256::from(post.id), liker)
                    .call()
                    .await
                    .unwrap()
            );
        }
    }
    assert_eq!(
        posts.commentCount().call().await.unwrap(),
        U256::from(season.comments.len())
    );
    let kinds: BTreeSet<u8> = season.comments.iter().map(|c| c.target_kind).collect();
    assert_eq!(kinds, BTreeSet::from([0, 1, 2]));
    assert!(season.comments.iter().any(|cm| cm.removed_by.is_some()));
    for cm in &season.comments {
        let on_chain = posts.getComment(U256::from(cm.id)).call().await.unwrap();
        assert_eq!(
            on_chain.removed,
            cm.removed_by.is_some(),
            "comment {}",
            cm.id
        );
        assert_eq!(on_chain.author, cm.author);
        assert_eq!(on_chain.targetKind, cm.target_kind);
        assert_eq!(on_chain.targetId, cm.target_id);
    }
    // Every document is the preimage of its hash.
    for (hash, json) in &season.documents {
        assert_eq!(keccak256(json.as_bytes()), *hash);
        serde_json::from_str::<serde_json::Value>(json).unwrap();
    }
    assert_eq!(season.last_block, chain.block_number().await.unwrap());
}

/// The communities `account` takes part in, as `Communities` says.
async fn communities_of(chain: &testkit::Chain, account: Address) -> Vec<U256> {
    Communities::new(chain.contracts().Communities, &chain.provider)
        .communitiesOf(account)
        .call()
        .await
        .unwrap()
}

#[tokio::test]
async fn chain_options_pick_the_chain_id_and_accounts() {
    let chain = testkit::start_chain_with(testkit::ChainOptions {
        chain_id: Some(1337),
        accounts: 3,
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(chain.chain_id(), 1337);
    assert_eq!(chain.players.len(), 3);
    assert_eq!(chain.players[2].name, "bob");
    let err = play_season(&chain).await.unwrap_err().to_string();
    assert!(err.contains("13 accounts"), "{err}");
}
