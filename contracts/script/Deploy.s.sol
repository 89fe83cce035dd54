// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Deploys every contract and writes the deployment file (INTERFACE.md §1.8).
// Run it through `scripts/deploy`, which supplies the environment and checks the result.

import {Communities} from "../src/Communities.sol";
import {Forwarder} from "../src/Forwarder.sol";
import {PointExchange} from "../src/PointExchange.sol";
import {PointMall} from "../src/PointMall.sol";
import {Posts} from "../src/Posts.sol";
import {Profiles} from "../src/Profiles.sol";
import {TaskMarket} from "../src/TaskMarket.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Script} from "forge-std/Script.sol";

/// @notice Deploys the ERC-2771 Forwarder, then Profiles (trusting it), Communities,
///         TaskMarket, Posts, PointMall and PointExchange (which read the forwarder from
///         Profiles) from `DEPLOYER_KEY`, who becomes the system admin.
/// @dev Environment: `DEPLOYER_KEY` (required), `POPULARITY_THRESHOLD` (default 3),
///      `REVIEW_PERIOD`, `WORK_PERIOD`, `DISPUTE_PERIOD` and `ORDER_TTL` in seconds
///      (defaults 3, 7, 14 and 2 days), `DEPLOYMENT_FILE` (default
///      `deployments/<chainId>.json`, relative to the project root).
contract Deploy is Script {
    /// @notice The deployed addresses.
    struct Deployment {
        Forwarder forwarder;
        Profiles profiles;
        Communities communities;
        TaskMarket taskMarket;
        Posts posts;
        PointMall pointMall;
        PointExchange pointExchange;
    }

    /// @notice Deploys everything and writes the deployment file.
    /// @return d The deployed contracts.
    function run() external returns (Deployment memory d) {
        // Contracts land in later blocks, so the current one is a safe lower bound.
        uint256 startBlock = block.number;
        uint256 deployerKey = vm.envUint("DEPLOYER_KEY");
        uint256 threshold = vm.envOr("POPULARITY_THRESHOLD", uint256(3));
        uint64 reviewPeriod = SafeCast.toUint64(vm.envOr("REVIEW_PERIOD", uint256(3 days)));
        uint64 workPeriod = SafeCast.toUint64(vm.envOr("WORK_PERIOD", uint256(7 days)));
        uint64 disputePeriod = SafeCast.toUint64(vm.envOr("DISPUTE_PERIOD", uint256(14 days)));
        uint64 orderTtl = SafeCast.toUint64(vm.envOr("ORDER_TTL", uint256(2 days)));

        vm.startBroadcast(deployerKey);
        d.forwarder = new Forwarder();
        d.profiles = new Profiles(vm.addr(deployerKey), address(d.forwarder));
        d.communities = new Communities(d.profiles, threshold);
        d.profiles.setCommunities(address(d.communities));
        d.taskMarket =
            new TaskMarket(d.profiles, d.communities, reviewPeriod, workPeriod, disputePeriod);
        d.posts = new Posts(d.profiles, d.communities, d.taskMarket);
        d.communities.setPosts(address(d.posts));
        d.pointMall = new PointMall(d.profiles, d.communities, orderTtl);
        d.pointExchange = new PointExchange(d.profiles);
        vm.stopBroadcast();

        _write(d, startBlock);
    }

    function _write(Deployment memory d, uint256 startBlock) internal {
        string memory c = "contracts";
        vm.serializeAddress(c, "Forwarder", address(d.forwarder));
        vm.serializeAddress(c, "Profiles", address(d.profiles));
        vm.serializeAddress(c, "Communities", address(d.communities));
        vm.serializeAddress(c, "Posts", address(d.posts));
        vm.serializeAddress(c, "TaskMarket", address(d.taskMarket));
        vm.serializeAddress(c, "PointMall", address(d.pointMall));
        string memory contractsJson =
            vm.serializeAddress(c, "PointExchange", address(d.pointExchange));

        string memory root = "deployment";
        vm.serializeUint(root, "chainId", block.chainid);
        vm.serializeUint(root, "startBlock", startBlock);
        string memory json = vm.serializeString(root, "contracts", contractsJson);

        string memory file = vm.envOr(
            "DEPLOYMENT_FILE", string.concat("deployments/", vm.toString(block.chainid), ".json")
        );
        vm.writeJson(json, string.concat(vm.projectRoot(), "/", file));
    }
}
