-- A role the system admin grants that is none of the four known ones is stored under
-- its 0x id (66 characters); VARCHAR(32) refused it and stopped the indexer.
ALTER TABLE `RoleMember` MODIFY `role` VARCHAR(66) NOT NULL;
ALTER TABLE `RoleMember_history` MODIFY `role` VARCHAR(66) NOT NULL;
