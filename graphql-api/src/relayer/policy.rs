//! Which calls the sponsor pays for: the ones that move no value of the player's
//! (register, profile, join/leave, post/edit, like, comment, claim, submit, abandon,
//! reject, review, recovery). Escrowing a reward, paying points and offers stay the
//! player's own transactions (or permits). Selectors come from the generated bindings,
//! so a renamed or retyped function fails to compile here.

use alloy::{primitives::FixedBytes, sol_types::SolCall};
use bindings::{Communities, PointMall, Posts, Profiles, TaskMarket};

/// One sponsored function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sponsored {
    /// The contract's name, as in the deployment file.
    pub contract: &'static str,
    /// The function's name.
    pub function: &'static str,
    /// Its selector.
    pub selector: FixedBytes<4>,
}

/// The function name of a Solidity signature (`like(uint256)` → `like`).
const fn name_of(signature: &'static str) -> &'static str {
    let bytes = signature.as_bytes();
    let mut i = 0;
    while i < bytes.len() && bytes[i] != b'(' {
        i += 1;
    }
    let (name, _) = bytes.split_at(i);
    match std::str::from_utf8(name) {
        Ok(s) => s,
        Err(_) => panic!("a Solidity signature is ASCII"),
    }
}

macro_rules! sponsored {
    ($($contract:ident :: $call:ident),* $(,)?) => {
        [$(Sponsored {
            contract: stringify!($contract),
            function: name_of(<$contract::$call as SolCall>::SIGNATURE),
            selector: FixedBytes(<$contract::$call as SolCall>::SELECTOR),
        }),*]
    };
}

/// Every sponsored function.
pub const SPONSORED: [Sponsored; 18] = sponsored![
    Profiles::registerCall,
    Profiles::updateProfileCall,
    Profiles::applyForPublisherCall,
    Profiles::requestRecoveryCall,
    Communities::joinCall,
    Communities::leaveCall,
    Posts::createPostCall,
    Posts::editPostCall,
    Posts::removePostCall,
    Posts::likeCall,
    Posts::unlikeCall,
    Posts::commentCall,
    Posts::removeCommentCall,
    TaskMarket::claimTaskCall,
    TaskMarket::submitWorkCall,
    TaskMarket::abandonTaskCall,
    TaskMarket::rejectWorkCall,
    PointMall::reviewCall,
];

/// The sponsored function `contract` (by name) has at `selector`, if any.
pub fn find(contract: &str, selector: &[u8]) -> Option<&'static Sponsored> {
    SPONSORED
        .iter()
        .find(|s| s.contract == contract && s.selector.as_slice() == selector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_selectors_come_from_the_bindings() {
        let like = find("Posts", &Posts::likeCall::SELECTOR).expect("like is sponsored");
        assert_eq!(like.function, "like");
        assert_eq!(name_of("register(string,bytes32)"), "register");
        // Value-bearing calls are not sponsored.
        assert!(find("TaskMarket", &TaskMarket::publishTaskCall::SELECTOR).is_none());
        assert!(find("PointMall", &PointMall::checkoutCall::SELECTOR).is_none());
        // The same selector on another contract is not a match.
        assert!(find("Communities", &Posts::likeCall::SELECTOR).is_none());
    }

    #[test]
    fn no_function_is_listed_twice() {
        for (i, a) in SPONSORED.iter().enumerate() {
            for b in &SPONSORED[i + 1..] {
                assert!(
                    (a.contract, a.selector) != (b.contract, b.selector),
                    "{}.{} is listed twice",
                    a.contract,
                    a.function
                );
            }
        }
    }
}
