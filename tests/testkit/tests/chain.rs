//! The chain controls: mining, time, snapshots, automine and reorgs.

use alloy::{
    eips::{BlockNumberOrTag, Encodable2718},
    network::{EthereumWallet, NetworkTransactionBuilder, TransactionBuilder},
    primitives::{Bytes, keccak256},
    providers::Provider,
};
use bindings::Profiles;
use testkit::{send, start_chain};

#[tokio::test]
async fn mine_time_snapshot_automine() {
    let chain = start_chain().await.unwrap();
    let c = chain.contracts();
    let head = chain.block_number().await.unwrap();

    chain.mine(3).await.unwrap();
    assert_eq!(chain.block_number().await.unwrap(), head + 3);

    let before = chain.timestamp().await.unwrap();
    chain.increase_time(1000).await.unwrap();
    chain.mine(1).await.unwrap();
    assert!(chain.timestamp().await.unwrap() >= before + 1000);

    let snapshot = chain.snapshot().await.unwrap();
    let alice = chain.player("alice").unwrap();
    send(alice.profiles(&c).register("alice".into(), keccak256("a")))
        .await
        .unwrap();
    let profiles = Profiles::new(c.Profiles, &chain.provider);
    assert!(profiles.isRegistered(alice.address).call().await.unwrap());
    assert!(chain.revert(snapshot).await.unwrap());
    assert!(!profiles.isRegistered(alice.address).call().await.unwrap());
    assert_eq!(chain.block_number().await.unwrap(), head + 4);
    // The player's nonce follows the node after the revert.
    send(alice.profiles(&c).register("alice".into(), keccak256("a")))
        .await
        .unwrap();

    chain.set_automine(false).await.unwrap();
    let bob = chain.player("bob").unwrap();
    let profiles_as_bob = bob.profiles(&c);
    let pending = profiles_as_bob
        .register("bob".into(), keccak256("b"))
        .gas(200_000)
        .send()
        .await
        .unwrap();
    let hash = *pending.tx_hash();
    assert!(
        chain
            .provider
            .get_transaction_receipt(hash)
            .await
            .unwrap()
            .is_none()
    );
    chain.mine(1).await.unwrap();
    let receipt = testkit::wait_for_receipt(&chain.provider, hash)
        .await
        .unwrap();
    assert!(receipt.status());
    chain.set_automine(true).await.unwrap();
}

#[tokio::test]
async fn reorgs_replace_blocks_with_other_transactions() {
    let chain = start_chain().await.unwrap();
    let c = chain.contracts();
    let profiles = Profiles::new(c.Profiles, &chain.provider);
    let alice = chain.player("alice").unwrap();
    let bob = chain.player("bob").unwrap();
    let carol = chain.player("carol").unwrap();

    let r = send(alice.profiles(&c).register("alice".into(), keccak256("a")))
        .await
        .unwrap();
    chain.mine(1).await.unwrap();
    let head = chain.block_number().await.unwrap();
    let old = chain
        .provider
        .get_block_by_number(r.block_number.unwrap().into())
        .await
        .unwrap()
        .unwrap();

    // Replace the last two blocks: bob registers in the first new one, nobody in the
    // second; alice's registration is gone.
    let tx = bob
        .profiles(&c)
        .register("bob".into(), keccak256("b"))
        .into_transaction_request()
        .from(bob.address);
    chain.reorg(2, vec![(tx, 0)]).await.unwrap();
    assert_eq!(chain.block_number().await.unwrap(), head);
    let new = chain
        .provider
        .get_block_by_number(old.header.number.into())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(new.header.hash, old.header.hash);
    assert_eq!(new.transactions.len(), 1);
    assert!(!profiles.isRegistered(alice.address).call().await.unwrap());
    assert!(profiles.isRegistered(bob.address).call().await.unwrap());
    assert_eq!(
        profiles.usernameOf(bob.address).call().await.unwrap(),
        "bob"
    );

    // A raw signed transaction works the same.
    let nonce = chain
        .provider
        .get_transaction_count(carol.address)
        .await
        .unwrap();
    let raw: Bytes = carol
        .profiles(&c)
        .register("carol".into(), keccak256("c"))
        .into_transaction_request()
        .from(carol.address)
        .with_nonce(nonce)
        .with_chain_id(chain.chain_id())
        .with_gas_limit(200_000)
        .with_max_fee_per_gas(100_000_000_000)
        .with_max_priority_fee_per_gas(1_000_000_000)
        .build(&EthereumWallet::from(carol.signer.clone()))
        .await
        .unwrap()
        .encoded_2718()
        .into();
    chain.reorg_raw(1, vec![(raw, 0)]).await.unwrap();
    assert!(profiles.isRegistered(carol.address).call().await.unwrap());
    let latest = chain
        .provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.transactions.len(), 1);
    // Players keep sending after a reorg.
    send(carol.profiles(&c).updateProfile(keccak256("c2")))
        .await
        .unwrap();
}
