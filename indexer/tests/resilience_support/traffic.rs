//! Transactions to keep the chain moving while the indexer is killed or cut off: point
//! awards, posts, likes, comments, profile updates and (after a season) a contract
//! setting, in turn, one block each (anvil automines).

use alloy::primitives::{U256, keccak256};
use bindings::{Contracts, Posts};
use testkit::{Player, send};

/// Who does what, and how much was sent.
#[derive(Debug, Clone)]
pub(crate) struct Traffic {
    c: Contracts,
    community: u64,
    /// A community admin (awards points, updates a profile).
    awarder: Player,
    /// A registered account that receives points.
    recipient: Player,
    /// A member that posts.
    poster: Player,
    /// A registered account that likes the posts.
    liker: Player,
    /// A registered account that comments on the community.
    commenter: Player,
    /// The system admin, who changes `Communities`' popularity threshold (a `Setting`
    /// row whose every version must be closed in `Setting_history`), if given.
    admin: Option<Player>,
    last_post: Option<u64>,
    /// Transactions sent so far.
    pub(crate) sent: u64,
}

fn player<'a>(players: &'a [Player], name: &str) -> &'a Player {
    players
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no player {name}"))
}

impl Traffic {
    /// After `testkit::play_season`: alice awards 原神 (community 1) points to xiaohong,
    /// bob posts there, xiaohong likes bob's posts, carol comments on the community,
    /// admin moves the popularity threshold.
    pub(crate) fn after_season(players: &[Player], c: Contracts) -> Self {
        Self {
            c,
            community: 1,
            awarder: player(players, "alice").clone(),
            recipient: player(players, "xiaohong").clone(),
            poster: player(players, "bob").clone(),
            liker: player(players, "xiaohong").clone(),
            commenter: player(players, "carol").clone(),
            admin: Some(player(players, "admin").clone()),
            last_post: None,
            sent: 0,
        }
    }

    /// On a freshly deployed system: admin, alice and bob register; admin creates a
    /// community that alice and bob join, and its points (9 transactions).
    pub(crate) async fn warm_up(players: &[Player], c: Contracts) -> eyre::Result<Self> {
        let (admin, alice, bob) = (
            player(players, "admin"),
            player(players, "alice"),
            player(players, "bob"),
        );
        for p in [admin, alice, bob] {
            send(
                p.profiles(&c)
                    .register(p.name.clone(), keccak256(format!("profile of {}", p.name))),
            )
            .await?;
        }
        send(admin.communities(&c).createCommunity(
            "resilience".into(),
            "crash tests".into(),
            keccak256("about resilience"),
        ))
        .await?;
        for p in [alice, bob] {
            send(p.communities(&c).join(U256::from(1))).await?;
        }
        send(admin.communities(&c).createPoints(
            U256::from(1),
            "Resilience Points".into(),
            "RP".into(),
        ))
        .await?;
        let mut t = Self {
            c,
            community: 1,
            awarder: admin.clone(),
            recipient: alice.clone(),
            poster: bob.clone(),
            liker: alice.clone(),
            commenter: alice.clone(),
            admin: None,
            last_post: None,
            sent: 0,
        };
        t.step().await?;
        t.step().await?;
        Ok(t)
    }

    /// Sends the next transaction and waits for its receipt.
    pub(crate) async fn step(&mut self) -> eyre::Result<()> {
        let (c, n, community) = (&self.c, self.sent, U256::from(self.community));
        let doc = keccak256(format!("resilience document {n}"));
        let cycle = if self.admin.is_some() { 6 } else { 5 };
        match (n % cycle, self.last_post) {
            (1, _) => {
                let r = send(self.poster.posts(c).createPost(
                    community,
                    format!("resilience post {n}"),
                    doc,
                ))
                .await?;
                let created = r
                    .decoded_log::<Posts::PostCreated>()
                    .ok_or_else(|| eyre::eyre!("no PostCreated log"))?;
                self.last_post = Some(created.data.postId.to::<u64>());
            }
            (2, Some(post)) => {
                send(self.liker.posts(c).like(U256::from(post))).await?;
            }
            (3, _) => {
                send(self.commenter.posts(c).comment(1, community, doc)).await?;
            }
            (4, _) => {
                send(self.awarder.profiles(c).updateProfile(doc)).await?;
            }
            (5, _) => {
                let admin = self.admin.as_ref().unwrap_or(&self.awarder);
                let threshold = U256::from(5 + n % 7);
                send(admin.communities(c).setPopularityThreshold(threshold)).await?;
            }
            _ => {
                send(self.awarder.communities(c).award(
                    community,
                    self.recipient.address,
                    U256::from(1 + n),
                    format!("resilience bonus {n}"),
                ))
                .await?;
            }
        }
        self.sent += 1;
        Ok(())
    }
}
