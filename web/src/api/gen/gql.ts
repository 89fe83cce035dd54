/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment Source on Source { blockNumber txHash logIndex }": typeof types.SourceFragmentDoc,
    "fragment Doc on Document { hash json text verified }": typeof types.DocFragmentDoc,
    "fragment UserRef on User { address username verified }": typeof types.UserRefFragmentDoc,
    "fragment CommunityRef on Community { id name theme pointsToken pointsSymbol }": typeof types.CommunityRefFragmentDoc,
    "fragment User on User { ...UserRef profileHash registeredAt roles profile { ...Doc } source { ...Source } }": typeof types.UserFragmentDoc,
    "fragment Community on Community {\n    ...CommunityRef memberCount creatorAddress creator { ...UserRef } pointsName createdAt description { ...Doc } source { ...Source } }": typeof types.CommunityFragmentDoc,
    "fragment Task on Task {\n    id title status communityId community { ...CommunityRef } publisherAddress publisher { ...UserRef }\n    claimerAddress claimer { ...UserRef } rewardToken reward deadline rejected createdAt updatedAt source { ...Source } }": typeof types.TaskFragmentDoc,
    "fragment Post on Post {\n    id title communityId authorAddress author { ...UserRef } removed pinned likeCount commentCount createdAt editedAt content { ...Doc } source { ...Source } }": typeof types.PostFragmentDoc,
    "fragment Item on Item {\n    id communityId community { ...CommunityRef } token name price stock active ratingCount rating sold createdAt metadata { ...Doc } source { ...Source } }": typeof types.ItemFragmentDoc,
    "fragment Order on Order {\n    id itemId itemName item { community { pointsSymbol } } communityId buyer quantity amount token status reviewed createdAt updatedAt expiresAt paidAt completedAt cancelledAt source { ...Source } }": typeof types.OrderFragmentDoc,
    "fragment Offer on Offer { id maker giveToken giveAmount wantToken wantAmount counterparty expiry status taker source { ...Source } }": typeof types.OfferFragmentDoc,
    "fragment Member on Member { communityId account user { ...UserRef } isAdmin status joinedAt source { ...Source } }": typeof types.MemberFragmentDoc,
    "fragment Comment on Comment { id authorAddress author { ...UserRef } content { ...Doc } createdAt source { ...Source } }": typeof types.CommentFragmentDoc,
    "fragment Review on Review { orderId buyer author { ...UserRef } stars content { ...Doc } createdAt source { ...Source } }": typeof types.ReviewFragmentDoc,
    "fragment PointEntry on PointEntry { id communityId token amount counterparty counterpartyUser { ...UserRef } reason createdAt source { ...Source } }": typeof types.PointEntryFragmentDoc,
    "fragment RecoveryRequest on RecoveryRequest { id username oldAccount newAccount evidence { ...Doc } status createdAt source { ...Source } }": typeof types.RecoveryRequestFragmentDoc,
    "fragment PublisherApplication on PublisherApplication {\n    id account user { ...UserRef roles } application { ...Doc } granted createdAt source { ...Source } }": typeof types.PublisherApplicationFragmentDoc,
    "fragment Session on Session { token expiresAt address }": typeof types.SessionFragmentDoc,
    "fragment Banner on Banner { id title subtitle image link position active updatedAt }": typeof types.BannerFragmentDoc,
    "fragment Notification on Notification {\n    id kind actor actorUser { ...UserRef } actorCount objectType objectId postId taskId title communityId amount token createdAt updatedAt read source { ...Source } }": typeof types.NotificationFragmentDoc,
    "fragment ModerationAction on ModerationAction {\n    id kind communityId moderator moderatorUser { ...UserRef } targetAccount targetAccountUser { ...UserRef } targetId title createdAt source { ...Source } }": typeof types.ModerationActionFragmentDoc,
    "fragment Report on Report {\n    id target targetId communityId reason note reporter reporterUser { ...UserRef } targetTitle targetAuthor targetAuthorUser { ...UserRef }\n    postId taskId status createdAt resolvedAt resolvedBy resolutionNote action { ...ModerationAction } targetContent { ...Doc } }": typeof types.ReportFragmentDoc,
    "fragment RelayRequest on RelayRequest { id status txHash blockNumber error errorName }": typeof types.RelayRequestFragmentDoc,
    "query IndexerStatus { indexerStatus { chainId headBlock indexedBlock lagBlocks } }": typeof types.IndexerStatusDocument,
    "query Me { me { ...User } }": typeof types.MeDocument,
    "query MyContact { me { address email phone emailVerified hasPassword } }": typeof types.MyContactDocument,
    "query PasswordSalt($login: String!) { passwordSalt(login: $login) }": typeof types.PasswordSaltDocument,
    "query UserPage($address: String!) { user(address: $address) {\n    ...User\n    balances { token communityId symbol name balance }\n    memberships { ...Member community { ...CommunityRef } }\n    credits { contract token owed }\n  } }": typeof types.UserPageDocument,
    "query MyBalances($address: String!) { user(address: $address) { address balances { token communityId symbol name balance } } }": typeof types.MyBalancesDocument,
    "query UserRef($address: String!) { user(address: $address) { ...UserRef roles } }": typeof types.UserRefDocument,
    "query UserByName($username: String!) { userByName(username: $username) { ...UserRef } }": typeof types.UserByNameDocument,
    "query Users($first: Int, $after: String) { users(first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage endCursor } nodes { ...User } } }": typeof types.UsersDocument,
    "query HomeFeed {\n    hotPosts: posts(orderBy: { field: LIKE_COUNT, direction: DESC }, first: 6) { nodes { ...Post community { ...CommunityRef } } }\n    communities(orderBy: { field: MEMBER_COUNT, direction: DESC }, first: 6) { nodes { ...Community } }\n    items(bySold: true, first: 8) { nodes { ...Item } }\n  }": typeof types.HomeFeedDocument,
    "query HomeTimed($since: Int!, $soonFilter: TaskFilter!, $soonOrder: TaskOrderBy!, $bestFilter: TaskFilter!, $bestOrder: TaskOrderBy!, $first: Int!) {\n    hotRecent: posts(filter: { createdFrom: $since }, orderBy: { field: LIKE_COUNT, direction: DESC }, first: 6) { nodes { ...Post community { ...CommunityRef } } }\n    soon: tasks(filter: $soonFilter, orderBy: $soonOrder, first: $first) { totalCount nodes { ...Task } }\n    best: tasks(filter: $bestFilter, orderBy: $bestOrder, first: $first) { totalCount nodes { ...Task } }\n  }": typeof types.HomeTimedDocument,
    "query HomeMine($me: String!, $inProgress: [TaskStatus!]!, $first: Int!, $feedFirst: Int!) {\n    user(address: $me) { address memberships { communityId status } }\n    myFeed: posts(filter: { memberOf: $me }, orderBy: { field: CREATED_AT, direction: DESC }, first: $feedFirst) { nodes { ...Post community { ...CommunityRef } } }\n    myTasks: tasks(filter: { claimer: $me, statusIn: $inProgress }, orderBy: { field: DEADLINE, direction: ASC }, first: $first) { totalCount nodes { ...Task } }\n  }": typeof types.HomeMineDocument,
    "query Banners { banners { ...Banner } }": typeof types.BannersDocument,
    "query AdminBanners { banners(includeInactive: true) { ...Banner } }": typeof types.AdminBannersDocument,
    "query Search($query: String!, $first: Int) { search(query: $query, first: $first) {\n    tasks { id title status }\n    communities { id name theme memberCount }\n    posts { id title communityId }\n    items { id name price token community { pointsSymbol } metadata { ...Doc } }\n    users { address username verified profile { ...Doc } }\n  } }": typeof types.SearchDocument,
    "query Tasks($filter: TaskFilter, $orderBy: TaskOrderBy, $first: Int, $after: String) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Task } } }": typeof types.TasksDocument,
    "query Task($id: String!) { task(id: $id) {\n    ...Task spec { ...Doc } proofHash submittedAt rejection { ...Doc } dispute { ...Doc }\n    workDeadline disputeDeadline releasedClaimers\n    payments { from to token amount createdAt source { ...Source } } } }": typeof types.TaskDocument,
    "query Communities($filter: CommunityFilter, $orderBy: CommunityOrderBy, $first: Int, $after: String) {\n    communities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...Community } } }": typeof types.CommunitiesDocument,
    "query Community($id: String!) {\n    community(id: $id) { ...Community }\n    pinned: posts(filter: { communityId: $id, pinned: true }, first: 10) { nodes { ...Post } }\n  }": typeof types.CommunityDocument,
    "query CommunityRef($id: String!) { community(id: $id) { ...CommunityRef } }": typeof types.CommunityRefDocument,
    "query CommunityOptions($name: String, $first: Int) {\n    communities(filter: { nameContains: $name }, orderBy: { field: MEMBER_COUNT, direction: DESC }, first: $first) { nodes { ...CommunityRef memberCount } } }": typeof types.CommunityOptionsDocument,
    "query Posts($filter: PostFilter, $orderBy: PostOrderBy, $first: Int, $after: String) {\n    posts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Post } } }": typeof types.PostsDocument,
    "query Members($id: String!, $first: Int, $after: String) {\n    members(communityId: $id, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Member } } }": typeof types.MembersDocument,
    "query Membership($id: String!, $account: String!) {\n    members(communityId: $id, account: $account, first: 1) { nodes { ...Member } } }": typeof types.MembershipDocument,
    "query AdminSince($id: String!, $account: String!) {\n    members(communityId: $id, account: $account, first: 1) { nodes { adminSince } } }": typeof types.AdminSinceDocument,
    "query CommunityAdmins($id: String!) {\n    members(communityId: $id, adminsOnly: true, first: 50) { nodes { ...Member } } }": typeof types.CommunityAdminsDocument,
    "query Post($id: String!, $account: String!, $withLike: Boolean!) { post(id: $id) {\n    ...Post community { ...CommunityRef } likedBy(account: $account) @include(if: $withLike) } }": typeof types.PostDocument,
    "query Comments($target: CommentTarget!, $targetId: String!, $first: Int, $after: String) {\n    comments(target: $target, targetId: $targetId, first: $first, after: $after) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...Comment } } }": typeof types.CommentsDocument,
    "query Items($communityId: String, $byPrice: Boolean!, $direction: Direction!, $first: Int, $after: String, $includeInactive: Boolean!) {\n    items(communityId: $communityId, byPrice: $byPrice, direction: $direction, first: $first, after: $after, includeInactive: $includeInactive) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...Item } } }": typeof types.ItemsDocument,
    "query Item($id: String!) { item(id: $id) { ...Item }\n    reviews(itemId: $id, first: 50) { totalCount nodes { ...Review } } }": typeof types.ItemDocument,
    "query ItemRef($id: String!) { item(id: $id) { ...Item } }": typeof types.ItemRefDocument,
    "query OrderPage($id: String!) { order(id: $id) { ...Order item { ...Item } } }": typeof types.OrderPageDocument,
    "query Orders($filter: OrderFilter, $first: Int, $after: String) {\n    orders(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Order } } }": typeof types.OrdersDocument,
    "query PointHistory($account: String!, $communityId: String, $first: Int, $after: String) {\n    pointHistory(account: $account, communityId: $communityId, first: $first, after: $after) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...PointEntry } } }": typeof types.PointHistoryDocument,
    "query Offers($status: OfferStatus, $maker: String, $first: Int, $after: String) {\n    offers(status: $status, maker: $maker, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Offer } } }": typeof types.OffersDocument,
    "query PointTokens { communities(first: 100, orderBy: { field: MEMBER_COUNT, direction: DESC }) { nodes { ...CommunityRef } } }": typeof types.PointTokensDocument,
    "query RecoveryRequests($status: RecoveryStatus) { recoveryRequests(status: $status, first: 50) {\n    totalCount pageInfo { hasNextPage endCursor } nodes { ...RecoveryRequest } } }": typeof types.RecoveryRequestsDocument,
    "query PublisherApplications { publisherApplications(first: 50) {\n    totalCount pageInfo { hasNextPage endCursor } nodes { ...PublisherApplication } } }": typeof types.PublisherApplicationsDocument,
    "query Settings { settings { contract name value } }": typeof types.SettingsDocument,
    "query Document($hash: String!) { document(hash: $hash) { ...Doc } }": typeof types.DocumentDocument,
    "query Notifications($first: Int, $after: String, $unreadOnly: Boolean!) {\n    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) { pageInfo { hasNextPage endCursor } edges { node { ...Notification } } } }": typeof types.NotificationsDocument,
    "query UnreadNotificationCount { unreadNotificationCount }": typeof types.UnreadNotificationCountDocument,
    "query TokenSymbols { tokens { address symbol } }": typeof types.TokenSymbolsDocument,
    "query NotificationSettings { notificationSettings { kind email } }": typeof types.NotificationSettingsDocument,
    "query BlockedUsers { blockedUsers { address user { ...UserRef } createdAt } }": typeof types.BlockedUsersDocument,
    "query ModerationQueue($communityId: String, $status: ReportStatus, $first: Int, $after: String) {\n    moderationQueue(communityId: $communityId, status: $status, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ...Report } } } }": typeof types.ModerationQueueDocument,
    "query ModerationLog($communityId: String!, $first: Int, $after: String) {\n    moderationLog(communityId: $communityId, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ...ModerationAction } } } }": typeof types.ModerationLogDocument,
    "query Sponsorship { sponsorship { enabled forwarder chainId quotaPerDay functions { contract functionName selector } } }": typeof types.SponsorshipDocument,
    "query SponsorQuota($address: String!) { sponsorship { enabled remainingToday(address: $address) nextNonce(address: $address) } }": typeof types.SponsorQuotaDocument,
    "query RelayRequestStatus($id: ID!) { relayRequest(id: $id) { ...RelayRequest } }": typeof types.RelayRequestStatusDocument,
    "mutation SiweNonce { siweNonce }": typeof types.SiweNonceDocument,
    "mutation SignIn($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { ...Session } }": typeof types.SignInDocument,
    "mutation SignInWithPassword($login: String!, $password: String!) {\n    signInWithPassword(login: $login, password: $password) { ...Session walletVault walletLost } }": typeof types.SignInWithPasswordDocument,
    "mutation SetPassword($password: String!, $currentPassword: String, $salt: String, $walletVault: String) {\n    setPassword(password: $password, currentPassword: $currentPassword, salt: $salt, walletVault: $walletVault) }": typeof types.SetPasswordDocument,
    "mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }": typeof types.RequestPasswordResetDocument,
    "mutation ResetPassword($token: String!, $newPassword: String!, $salt: String) {\n    resetPassword(token: $token, newPassword: $newPassword, salt: $salt) }": typeof types.ResetPasswordDocument,
    "mutation UpdateContact($email: String, $phone: String) { updateContact(email: $email, phone: $phone) { email phone emailVerified } }": typeof types.UpdateContactDocument,
    "mutation RequestEmailVerification { requestEmailVerification }": typeof types.RequestEmailVerificationDocument,
    "mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }": typeof types.VerifyEmailDocument,
    "mutation SignOut { signOut }": typeof types.SignOutDocument,
    "mutation PutContent($json: String!) { putContent(json: $json) }": typeof types.PutContentDocument,
    "mutation SaveBanner($input: BannerInput!) { saveBanner(input: $input) { ...Banner } }": typeof types.SaveBannerDocument,
    "mutation DeleteBanner($id: Int!) { deleteBanner(id: $id) }": typeof types.DeleteBannerDocument,
    "mutation MarkNotificationsRead($upTo: String) { markNotificationsRead(upTo: $upTo) }": typeof types.MarkNotificationsReadDocument,
    "mutation SetNotificationSettings($settings: [NotificationSettingInput!]!) {\n    setNotificationSettings(settings: $settings) { kind email } }": typeof types.SetNotificationSettingsDocument,
    "mutation CreateReport($target: ReportTarget!, $targetId: String!, $reason: ReportReason!, $note: String, $communityId: String) {\n    createReport(target: $target, targetId: $targetId, reason: $reason, note: $note, communityId: $communityId) { id status } }": typeof types.CreateReportDocument,
    "mutation DismissReport($id: Int!, $note: String!) { dismissReport(id: $id, note: $note) { ...Report } }": typeof types.DismissReportDocument,
    "mutation BlockUser($address: String!) { blockUser(address: $address) }": typeof types.BlockUserDocument,
    "mutation UnblockUser($address: String!) { unblockUser(address: $address) }": typeof types.UnblockUserDocument,
    "mutation Relay($request: ForwardRequestInput!, $signature: String!) { relay(request: $request, signature: $signature) { ...RelayRequest } }": typeof types.RelayDocument,
    "subscription TaskChanged($id: String!) { taskChanged(id: $id) { ...Task } }": typeof types.TaskChangedDocument,
    "subscription PostCreated($communityId: String) { postCreated(communityId: $communityId) { id title communityId } }": typeof types.PostCreatedDocument,
    "subscription BlockIndexed { blockIndexed { number hash } }": typeof types.BlockIndexedDocument,
    "subscription NotificationAdded { notificationAdded { ...Notification } }": typeof types.NotificationAddedDocument,
    "subscription RelayRequestUpdated($id: ID!) { relayRequestUpdated(id: $id) { ...RelayRequest } }": typeof types.RelayRequestUpdatedDocument,
};
const documents: Documents = {
    "fragment Source on Source { blockNumber txHash logIndex }": types.SourceFragmentDoc,
    "fragment Doc on Document { hash json text verified }": types.DocFragmentDoc,
    "fragment UserRef on User { address username verified }": types.UserRefFragmentDoc,
    "fragment CommunityRef on Community { id name theme pointsToken pointsSymbol }": types.CommunityRefFragmentDoc,
    "fragment User on User { ...UserRef profileHash registeredAt roles profile { ...Doc } source { ...Source } }": types.UserFragmentDoc,
    "fragment Community on Community {\n    ...CommunityRef memberCount creatorAddress creator { ...UserRef } pointsName createdAt description { ...Doc } source { ...Source } }": types.CommunityFragmentDoc,
    "fragment Task on Task {\n    id title status communityId community { ...CommunityRef } publisherAddress publisher { ...UserRef }\n    claimerAddress claimer { ...UserRef } rewardToken reward deadline rejected createdAt updatedAt source { ...Source } }": types.TaskFragmentDoc,
    "fragment Post on Post {\n    id title communityId authorAddress author { ...UserRef } removed pinned likeCount commentCount createdAt editedAt content { ...Doc } source { ...Source } }": types.PostFragmentDoc,
    "fragment Item on Item {\n    id communityId community { ...CommunityRef } token name price stock active ratingCount rating sold createdAt metadata { ...Doc } source { ...Source } }": types.ItemFragmentDoc,
    "fragment Order on Order {\n    id itemId itemName item { community { pointsSymbol } } communityId buyer quantity amount token status reviewed createdAt updatedAt expiresAt paidAt completedAt cancelledAt source { ...Source } }": types.OrderFragmentDoc,
    "fragment Offer on Offer { id maker giveToken giveAmount wantToken wantAmount counterparty expiry status taker source { ...Source } }": types.OfferFragmentDoc,
    "fragment Member on Member { communityId account user { ...UserRef } isAdmin status joinedAt source { ...Source } }": types.MemberFragmentDoc,
    "fragment Comment on Comment { id authorAddress author { ...UserRef } content { ...Doc } createdAt source { ...Source } }": types.CommentFragmentDoc,
    "fragment Review on Review { orderId buyer author { ...UserRef } stars content { ...Doc } createdAt source { ...Source } }": types.ReviewFragmentDoc,
    "fragment PointEntry on PointEntry { id communityId token amount counterparty counterpartyUser { ...UserRef } reason createdAt source { ...Source } }": types.PointEntryFragmentDoc,
    "fragment RecoveryRequest on RecoveryRequest { id username oldAccount newAccount evidence { ...Doc } status createdAt source { ...Source } }": types.RecoveryRequestFragmentDoc,
    "fragment PublisherApplication on PublisherApplication {\n    id account user { ...UserRef roles } application { ...Doc } granted createdAt source { ...Source } }": types.PublisherApplicationFragmentDoc,
    "fragment Session on Session { token expiresAt address }": types.SessionFragmentDoc,
    "fragment Banner on Banner { id title subtitle image link position active updatedAt }": types.BannerFragmentDoc,
    "fragment Notification on Notification {\n    id kind actor actorUser { ...UserRef } actorCount objectType objectId postId taskId title communityId amount token createdAt updatedAt read source { ...Source } }": types.NotificationFragmentDoc,
    "fragment ModerationAction on ModerationAction {\n    id kind communityId moderator moderatorUser { ...UserRef } targetAccount targetAccountUser { ...UserRef } targetId title createdAt source { ...Source } }": types.ModerationActionFragmentDoc,
    "fragment Report on Report {\n    id target targetId communityId reason note reporter reporterUser { ...UserRef } targetTitle targetAuthor targetAuthorUser { ...UserRef }\n    postId taskId status createdAt resolvedAt resolvedBy resolutionNote action { ...ModerationAction } targetContent { ...Doc } }": types.ReportFragmentDoc,
    "fragment RelayRequest on RelayRequest { id status txHash blockNumber error errorName }": types.RelayRequestFragmentDoc,
    "query IndexerStatus { indexerStatus { chainId headBlock indexedBlock lagBlocks } }": types.IndexerStatusDocument,
    "query Me { me { ...User } }": types.MeDocument,
    "query MyContact { me { address email phone emailVerified hasPassword } }": types.MyContactDocument,
    "query PasswordSalt($login: String!) { passwordSalt(login: $login) }": types.PasswordSaltDocument,
    "query UserPage($address: String!) { user(address: $address) {\n    ...User\n    balances { token communityId symbol name balance }\n    memberships { ...Member community { ...CommunityRef } }\n    credits { contract token owed }\n  } }": types.UserPageDocument,
    "query MyBalances($address: String!) { user(address: $address) { address balances { token communityId symbol name balance } } }": types.MyBalancesDocument,
    "query UserRef($address: String!) { user(address: $address) { ...UserRef roles } }": types.UserRefDocument,
    "query UserByName($username: String!) { userByName(username: $username) { ...UserRef } }": types.UserByNameDocument,
    "query Users($first: Int, $after: String) { users(first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage endCursor } nodes { ...User } } }": types.UsersDocument,
    "query HomeFeed {\n    hotPosts: posts(orderBy: { field: LIKE_COUNT, direction: DESC }, first: 6) { nodes { ...Post community { ...CommunityRef } } }\n    communities(orderBy: { field: MEMBER_COUNT, direction: DESC }, first: 6) { nodes { ...Community } }\n    items(bySold: true, first: 8) { nodes { ...Item } }\n  }": types.HomeFeedDocument,
    "query HomeTimed($since: Int!, $soonFilter: TaskFilter!, $soonOrder: TaskOrderBy!, $bestFilter: TaskFilter!, $bestOrder: TaskOrderBy!, $first: Int!) {\n    hotRecent: posts(filter: { createdFrom: $since }, orderBy: { field: LIKE_COUNT, direction: DESC }, first: 6) { nodes { ...Post community { ...CommunityRef } } }\n    soon: tasks(filter: $soonFilter, orderBy: $soonOrder, first: $first) { totalCount nodes { ...Task } }\n    best: tasks(filter: $bestFilter, orderBy: $bestOrder, first: $first) { totalCount nodes { ...Task } }\n  }": types.HomeTimedDocument,
    "query HomeMine($me: String!, $inProgress: [TaskStatus!]!, $first: Int!, $feedFirst: Int!) {\n    user(address: $me) { address memberships { communityId status } }\n    myFeed: posts(filter: { memberOf: $me }, orderBy: { field: CREATED_AT, direction: DESC }, first: $feedFirst) { nodes { ...Post community { ...CommunityRef } } }\n    myTasks: tasks(filter: { claimer: $me, statusIn: $inProgress }, orderBy: { field: DEADLINE, direction: ASC }, first: $first) { totalCount nodes { ...Task } }\n  }": types.HomeMineDocument,
    "query Banners { banners { ...Banner } }": types.BannersDocument,
    "query AdminBanners { banners(includeInactive: true) { ...Banner } }": types.AdminBannersDocument,
    "query Search($query: String!, $first: Int) { search(query: $query, first: $first) {\n    tasks { id title status }\n    communities { id name theme memberCount }\n    posts { id title communityId }\n    items { id name price token community { pointsSymbol } metadata { ...Doc } }\n    users { address username verified profile { ...Doc } }\n  } }": types.SearchDocument,
    "query Tasks($filter: TaskFilter, $orderBy: TaskOrderBy, $first: Int, $after: String) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Task } } }": types.TasksDocument,
    "query Task($id: String!) { task(id: $id) {\n    ...Task spec { ...Doc } proofHash submittedAt rejection { ...Doc } dispute { ...Doc }\n    workDeadline disputeDeadline releasedClaimers\n    payments { from to token amount createdAt source { ...Source } } } }": types.TaskDocument,
    "query Communities($filter: CommunityFilter, $orderBy: CommunityOrderBy, $first: Int, $after: String) {\n    communities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...Community } } }": types.CommunitiesDocument,
    "query Community($id: String!) {\n    community(id: $id) { ...Community }\n    pinned: posts(filter: { communityId: $id, pinned: true }, first: 10) { nodes { ...Post } }\n  }": types.CommunityDocument,
    "query CommunityRef($id: String!) { community(id: $id) { ...CommunityRef } }": types.CommunityRefDocument,
    "query CommunityOptions($name: String, $first: Int) {\n    communities(filter: { nameContains: $name }, orderBy: { field: MEMBER_COUNT, direction: DESC }, first: $first) { nodes { ...CommunityRef memberCount } } }": types.CommunityOptionsDocument,
    "query Posts($filter: PostFilter, $orderBy: PostOrderBy, $first: Int, $after: String) {\n    posts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Post } } }": types.PostsDocument,
    "query Members($id: String!, $first: Int, $after: String) {\n    members(communityId: $id, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Member } } }": types.MembersDocument,
    "query Membership($id: String!, $account: String!) {\n    members(communityId: $id, account: $account, first: 1) { nodes { ...Member } } }": types.MembershipDocument,
    "query AdminSince($id: String!, $account: String!) {\n    members(communityId: $id, account: $account, first: 1) { nodes { adminSince } } }": types.AdminSinceDocument,
    "query CommunityAdmins($id: String!) {\n    members(communityId: $id, adminsOnly: true, first: 50) { nodes { ...Member } } }": types.CommunityAdminsDocument,
    "query Post($id: String!, $account: String!, $withLike: Boolean!) { post(id: $id) {\n    ...Post community { ...CommunityRef } likedBy(account: $account) @include(if: $withLike) } }": types.PostDocument,
    "query Comments($target: CommentTarget!, $targetId: String!, $first: Int, $after: String) {\n    comments(target: $target, targetId: $targetId, first: $first, after: $after) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...Comment } } }": types.CommentsDocument,
    "query Items($communityId: String, $byPrice: Boolean!, $direction: Direction!, $first: Int, $after: String, $includeInactive: Boolean!) {\n    items(communityId: $communityId, byPrice: $byPrice, direction: $direction, first: $first, after: $after, includeInactive: $includeInactive) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...Item } } }": types.ItemsDocument,
    "query Item($id: String!) { item(id: $id) { ...Item }\n    reviews(itemId: $id, first: 50) { totalCount nodes { ...Review } } }": types.ItemDocument,
    "query ItemRef($id: String!) { item(id: $id) { ...Item } }": types.ItemRefDocument,
    "query OrderPage($id: String!) { order(id: $id) { ...Order item { ...Item } } }": types.OrderPageDocument,
    "query Orders($filter: OrderFilter, $first: Int, $after: String) {\n    orders(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Order } } }": types.OrdersDocument,
    "query PointHistory($account: String!, $communityId: String, $first: Int, $after: String) {\n    pointHistory(account: $account, communityId: $communityId, first: $first, after: $after) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...PointEntry } } }": types.PointHistoryDocument,
    "query Offers($status: OfferStatus, $maker: String, $first: Int, $after: String) {\n    offers(status: $status, maker: $maker, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Offer } } }": types.OffersDocument,
    "query PointTokens { communities(first: 100, orderBy: { field: MEMBER_COUNT, direction: DESC }) { nodes { ...CommunityRef } } }": types.PointTokensDocument,
    "query RecoveryRequests($status: RecoveryStatus) { recoveryRequests(status: $status, first: 50) {\n    totalCount pageInfo { hasNextPage endCursor } nodes { ...RecoveryRequest } } }": types.RecoveryRequestsDocument,
    "query PublisherApplications { publisherApplications(first: 50) {\n    totalCount pageInfo { hasNextPage endCursor } nodes { ...PublisherApplication } } }": types.PublisherApplicationsDocument,
    "query Settings { settings { contract name value } }": types.SettingsDocument,
    "query Document($hash: String!) { document(hash: $hash) { ...Doc } }": types.DocumentDocument,
    "query Notifications($first: Int, $after: String, $unreadOnly: Boolean!) {\n    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) { pageInfo { hasNextPage endCursor } edges { node { ...Notification } } } }": types.NotificationsDocument,
    "query UnreadNotificationCount { unreadNotificationCount }": types.UnreadNotificationCountDocument,
    "query TokenSymbols { tokens { address symbol } }": types.TokenSymbolsDocument,
    "query NotificationSettings { notificationSettings { kind email } }": types.NotificationSettingsDocument,
    "query BlockedUsers { blockedUsers { address user { ...UserRef } createdAt } }": types.BlockedUsersDocument,
    "query ModerationQueue($communityId: String, $status: ReportStatus, $first: Int, $after: String) {\n    moderationQueue(communityId: $communityId, status: $status, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ...Report } } } }": types.ModerationQueueDocument,
    "query ModerationLog($communityId: String!, $first: Int, $after: String) {\n    moderationLog(communityId: $communityId, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ...ModerationAction } } } }": types.ModerationLogDocument,
    "query Sponsorship { sponsorship { enabled forwarder chainId quotaPerDay functions { contract functionName selector } } }": types.SponsorshipDocument,
    "query SponsorQuota($address: String!) { sponsorship { enabled remainingToday(address: $address) nextNonce(address: $address) } }": types.SponsorQuotaDocument,
    "query RelayRequestStatus($id: ID!) { relayRequest(id: $id) { ...RelayRequest } }": types.RelayRequestStatusDocument,
    "mutation SiweNonce { siweNonce }": types.SiweNonceDocument,
    "mutation SignIn($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { ...Session } }": types.SignInDocument,
    "mutation SignInWithPassword($login: String!, $password: String!) {\n    signInWithPassword(login: $login, password: $password) { ...Session walletVault walletLost } }": types.SignInWithPasswordDocument,
    "mutation SetPassword($password: String!, $currentPassword: String, $salt: String, $walletVault: String) {\n    setPassword(password: $password, currentPassword: $currentPassword, salt: $salt, walletVault: $walletVault) }": types.SetPasswordDocument,
    "mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }": types.RequestPasswordResetDocument,
    "mutation ResetPassword($token: String!, $newPassword: String!, $salt: String) {\n    resetPassword(token: $token, newPassword: $newPassword, salt: $salt) }": types.ResetPasswordDocument,
    "mutation UpdateContact($email: String, $phone: String) { updateContact(email: $email, phone: $phone) { email phone emailVerified } }": types.UpdateContactDocument,
    "mutation RequestEmailVerification { requestEmailVerification }": types.RequestEmailVerificationDocument,
    "mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }": types.VerifyEmailDocument,
    "mutation SignOut { signOut }": types.SignOutDocument,
    "mutation PutContent($json: String!) { putContent(json: $json) }": types.PutContentDocument,
    "mutation SaveBanner($input: BannerInput!) { saveBanner(input: $input) { ...Banner } }": types.SaveBannerDocument,
    "mutation DeleteBanner($id: Int!) { deleteBanner(id: $id) }": types.DeleteBannerDocument,
    "mutation MarkNotificationsRead($upTo: String) { markNotificationsRead(upTo: $upTo) }": types.MarkNotificationsReadDocument,
    "mutation SetNotificationSettings($settings: [NotificationSettingInput!]!) {\n    setNotificationSettings(settings: $settings) { kind email } }": types.SetNotificationSettingsDocument,
    "mutation CreateReport($target: ReportTarget!, $targetId: String!, $reason: ReportReason!, $note: String, $communityId: String) {\n    createReport(target: $target, targetId: $targetId, reason: $reason, note: $note, communityId: $communityId) { id status } }": types.CreateReportDocument,
    "mutation DismissReport($id: Int!, $note: String!) { dismissReport(id: $id, note: $note) { ...Report } }": types.DismissReportDocument,
    "mutation BlockUser($address: String!) { blockUser(address: $address) }": types.BlockUserDocument,
    "mutation UnblockUser($address: String!) { unblockUser(address: $address) }": types.UnblockUserDocument,
    "mutation Relay($request: ForwardRequestInput!, $signature: String!) { relay(request: $request, signature: $signature) { ...RelayRequest } }": types.RelayDocument,
    "subscription TaskChanged($id: String!) { taskChanged(id: $id) { ...Task } }": types.TaskChangedDocument,
    "subscription PostCreated($communityId: String) { postCreated(communityId: $communityId) { id title communityId } }": types.PostCreatedDocument,
    "subscription BlockIndexed { blockIndexed { number hash } }": types.BlockIndexedDocument,
    "subscription NotificationAdded { notificationAdded { ...Notification } }": types.NotificationAddedDocument,
    "subscription RelayRequestUpdated($id: ID!) { relayRequestUpdated(id: $id) { ...RelayRequest } }": types.RelayRequestUpdatedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Source on Source { blockNumber txHash logIndex }"): typeof import('./graphql').SourceFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Doc on Document { hash json text verified }"): typeof import('./graphql').DocFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment UserRef on User { address username verified }"): typeof import('./graphql').UserRefFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment CommunityRef on Community { id name theme pointsToken pointsSymbol }"): typeof import('./graphql').CommunityRefFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment User on User { ...UserRef profileHash registeredAt roles profile { ...Doc } source { ...Source } }"): typeof import('./graphql').UserFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Community on Community {\n    ...CommunityRef memberCount creatorAddress creator { ...UserRef } pointsName createdAt description { ...Doc } source { ...Source } }"): typeof import('./graphql').CommunityFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Task on Task {\n    id title status communityId community { ...CommunityRef } publisherAddress publisher { ...UserRef }\n    claimerAddress claimer { ...UserRef } rewardToken reward deadline rejected createdAt updatedAt source { ...Source } }"): typeof import('./graphql').TaskFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Post on Post {\n    id title communityId authorAddress author { ...UserRef } removed pinned likeCount commentCount createdAt editedAt content { ...Doc } source { ...Source } }"): typeof import('./graphql').PostFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Item on Item {\n    id communityId community { ...CommunityRef } token name price stock active ratingCount rating sold createdAt metadata { ...Doc } source { ...Source } }"): typeof import('./graphql').ItemFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Order on Order {\n    id itemId itemName item { community { pointsSymbol } } communityId buyer quantity amount token status reviewed createdAt updatedAt expiresAt paidAt completedAt cancelledAt source { ...Source } }"): typeof import('./graphql').OrderFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Offer on Offer { id maker giveToken giveAmount wantToken wantAmount counterparty expiry status taker source { ...Source } }"): typeof import('./graphql').OfferFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Member on Member { communityId account user { ...UserRef } isAdmin status joinedAt source { ...Source } }"): typeof import('./graphql').MemberFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Comment on Comment { id authorAddress author { ...UserRef } content { ...Doc } createdAt source { ...Source } }"): typeof import('./graphql').CommentFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Review on Review { orderId buyer author { ...UserRef } stars content { ...Doc } createdAt source { ...Source } }"): typeof import('./graphql').ReviewFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PointEntry on PointEntry { id communityId token amount counterparty counterpartyUser { ...UserRef } reason createdAt source { ...Source } }"): typeof import('./graphql').PointEntryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment RecoveryRequest on RecoveryRequest { id username oldAccount newAccount evidence { ...Doc } status createdAt source { ...Source } }"): typeof import('./graphql').RecoveryRequestFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PublisherApplication on PublisherApplication {\n    id account user { ...UserRef roles } application { ...Doc } granted createdAt source { ...Source } }"): typeof import('./graphql').PublisherApplicationFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Session on Session { token expiresAt address }"): typeof import('./graphql').SessionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Banner on Banner { id title subtitle image link position active updatedAt }"): typeof import('./graphql').BannerFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Notification on Notification {\n    id kind actor actorUser { ...UserRef } actorCount objectType objectId postId taskId title communityId amount token createdAt updatedAt read source { ...Source } }"): typeof import('./graphql').NotificationFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ModerationAction on ModerationAction {\n    id kind communityId moderator moderatorUser { ...UserRef } targetAccount targetAccountUser { ...UserRef } targetId title createdAt source { ...Source } }"): typeof import('./graphql').ModerationActionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Report on Report {\n    id target targetId communityId reason note reporter reporterUser { ...UserRef } targetTitle targetAuthor targetAuthorUser { ...UserRef }\n    postId taskId status createdAt resolvedAt resolvedBy resolutionNote action { ...ModerationAction } targetContent { ...Doc } }"): typeof import('./graphql').ReportFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment RelayRequest on RelayRequest { id status txHash blockNumber error errorName }"): typeof import('./graphql').RelayRequestFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query IndexerStatus { indexerStatus { chainId headBlock indexedBlock lagBlocks } }"): typeof import('./graphql').IndexerStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me { me { ...User } }"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyContact { me { address email phone emailVerified hasPassword } }"): typeof import('./graphql').MyContactDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PasswordSalt($login: String!) { passwordSalt(login: $login) }"): typeof import('./graphql').PasswordSaltDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UserPage($address: String!) { user(address: $address) {\n    ...User\n    balances { token communityId symbol name balance }\n    memberships { ...Member community { ...CommunityRef } }\n    credits { contract token owed }\n  } }"): typeof import('./graphql').UserPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyBalances($address: String!) { user(address: $address) { address balances { token communityId symbol name balance } } }"): typeof import('./graphql').MyBalancesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UserRef($address: String!) { user(address: $address) { ...UserRef roles } }"): typeof import('./graphql').UserRefDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UserByName($username: String!) { userByName(username: $username) { ...UserRef } }"): typeof import('./graphql').UserByNameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Users($first: Int, $after: String) { users(first: $first, after: $after) {\n    totalCount pageInfo { hasNextPage endCursor } nodes { ...User } } }"): typeof import('./graphql').UsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HomeFeed {\n    hotPosts: posts(orderBy: { field: LIKE_COUNT, direction: DESC }, first: 6) { nodes { ...Post community { ...CommunityRef } } }\n    communities(orderBy: { field: MEMBER_COUNT, direction: DESC }, first: 6) { nodes { ...Community } }\n    items(bySold: true, first: 8) { nodes { ...Item } }\n  }"): typeof import('./graphql').HomeFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HomeTimed($since: Int!, $soonFilter: TaskFilter!, $soonOrder: TaskOrderBy!, $bestFilter: TaskFilter!, $bestOrder: TaskOrderBy!, $first: Int!) {\n    hotRecent: posts(filter: { createdFrom: $since }, orderBy: { field: LIKE_COUNT, direction: DESC }, first: 6) { nodes { ...Post community { ...CommunityRef } } }\n    soon: tasks(filter: $soonFilter, orderBy: $soonOrder, first: $first) { totalCount nodes { ...Task } }\n    best: tasks(filter: $bestFilter, orderBy: $bestOrder, first: $first) { totalCount nodes { ...Task } }\n  }"): typeof import('./graphql').HomeTimedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HomeMine($me: String!, $inProgress: [TaskStatus!]!, $first: Int!, $feedFirst: Int!) {\n    user(address: $me) { address memberships { communityId status } }\n    myFeed: posts(filter: { memberOf: $me }, orderBy: { field: CREATED_AT, direction: DESC }, first: $feedFirst) { nodes { ...Post community { ...CommunityRef } } }\n    myTasks: tasks(filter: { claimer: $me, statusIn: $inProgress }, orderBy: { field: DEADLINE, direction: ASC }, first: $first) { totalCount nodes { ...Task } }\n  }"): typeof import('./graphql').HomeMineDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Banners { banners { ...Banner } }"): typeof import('./graphql').BannersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminBanners { banners(includeInactive: true) { ...Banner } }"): typeof import('./graphql').AdminBannersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Search($query: String!, $first: Int) { search(query: $query, first: $first) {\n    tasks { id title status }\n    communities { id name theme memberCount }\n    posts { id title communityId }\n    items { id name price token community { pointsSymbol } metadata { ...Doc } }\n    users { address username verified profile { ...Doc } }\n  } }"): typeof import('./graphql').SearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Tasks($filter: TaskFilter, $orderBy: TaskOrderBy, $first: Int, $after: String) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Task } } }"): typeof import('./graphql').TasksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Task($id: String!) { task(id: $id) {\n    ...Task spec { ...Doc } proofHash submittedAt rejection { ...Doc } dispute { ...Doc }\n    workDeadline disputeDeadline releasedClaimers\n    payments { from to token amount createdAt source { ...Source } } } }"): typeof import('./graphql').TaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Communities($filter: CommunityFilter, $orderBy: CommunityOrderBy, $first: Int, $after: String) {\n    communities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...Community } } }"): typeof import('./graphql').CommunitiesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Community($id: String!) {\n    community(id: $id) { ...Community }\n    pinned: posts(filter: { communityId: $id, pinned: true }, first: 10) { nodes { ...Post } }\n  }"): typeof import('./graphql').CommunityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CommunityRef($id: String!) { community(id: $id) { ...CommunityRef } }"): typeof import('./graphql').CommunityRefDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CommunityOptions($name: String, $first: Int) {\n    communities(filter: { nameContains: $name }, orderBy: { field: MEMBER_COUNT, direction: DESC }, first: $first) { nodes { ...CommunityRef memberCount } } }"): typeof import('./graphql').CommunityOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Posts($filter: PostFilter, $orderBy: PostOrderBy, $first: Int, $after: String) {\n    posts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Post } } }"): typeof import('./graphql').PostsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Members($id: String!, $first: Int, $after: String) {\n    members(communityId: $id, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Member } } }"): typeof import('./graphql').MembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Membership($id: String!, $account: String!) {\n    members(communityId: $id, account: $account, first: 1) { nodes { ...Member } } }"): typeof import('./graphql').MembershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminSince($id: String!, $account: String!) {\n    members(communityId: $id, account: $account, first: 1) { nodes { adminSince } } }"): typeof import('./graphql').AdminSinceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CommunityAdmins($id: String!) {\n    members(communityId: $id, adminsOnly: true, first: 50) { nodes { ...Member } } }"): typeof import('./graphql').CommunityAdminsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Post($id: String!, $account: String!, $withLike: Boolean!) { post(id: $id) {\n    ...Post community { ...CommunityRef } likedBy(account: $account) @include(if: $withLike) } }"): typeof import('./graphql').PostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Comments($target: CommentTarget!, $targetId: String!, $first: Int, $after: String) {\n    comments(target: $target, targetId: $targetId, first: $first, after: $after) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...Comment } } }"): typeof import('./graphql').CommentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Items($communityId: String, $byPrice: Boolean!, $direction: Direction!, $first: Int, $after: String, $includeInactive: Boolean!) {\n    items(communityId: $communityId, byPrice: $byPrice, direction: $direction, first: $first, after: $after, includeInactive: $includeInactive) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...Item } } }"): typeof import('./graphql').ItemsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Item($id: String!) { item(id: $id) { ...Item }\n    reviews(itemId: $id, first: 50) { totalCount nodes { ...Review } } }"): typeof import('./graphql').ItemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ItemRef($id: String!) { item(id: $id) { ...Item } }"): typeof import('./graphql').ItemRefDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OrderPage($id: String!) { order(id: $id) { ...Order item { ...Item } } }"): typeof import('./graphql').OrderPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Orders($filter: OrderFilter, $first: Int, $after: String) {\n    orders(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Order } } }"): typeof import('./graphql').OrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PointHistory($account: String!, $communityId: String, $first: Int, $after: String) {\n    pointHistory(account: $account, communityId: $communityId, first: $first, after: $after) {\n      totalCount pageInfo { hasNextPage endCursor } nodes { ...PointEntry } } }"): typeof import('./graphql').PointHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Offers($status: OfferStatus, $maker: String, $first: Int, $after: String) {\n    offers(status: $status, maker: $maker, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Offer } } }"): typeof import('./graphql').OffersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PointTokens { communities(first: 100, orderBy: { field: MEMBER_COUNT, direction: DESC }) { nodes { ...CommunityRef } } }"): typeof import('./graphql').PointTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RecoveryRequests($status: RecoveryStatus) { recoveryRequests(status: $status, first: 50) {\n    totalCount pageInfo { hasNextPage endCursor } nodes { ...RecoveryRequest } } }"): typeof import('./graphql').RecoveryRequestsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PublisherApplications { publisherApplications(first: 50) {\n    totalCount pageInfo { hasNextPage endCursor } nodes { ...PublisherApplication } } }"): typeof import('./graphql').PublisherApplicationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Settings { settings { contract name value } }"): typeof import('./graphql').SettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Document($hash: String!) { document(hash: $hash) { ...Doc } }"): typeof import('./graphql').DocumentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Notifications($first: Int, $after: String, $unreadOnly: Boolean!) {\n    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) { pageInfo { hasNextPage endCursor } edges { node { ...Notification } } } }"): typeof import('./graphql').NotificationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UnreadNotificationCount { unreadNotificationCount }"): typeof import('./graphql').UnreadNotificationCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TokenSymbols { tokens { address symbol } }"): typeof import('./graphql').TokenSymbolsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NotificationSettings { notificationSettings { kind email } }"): typeof import('./graphql').NotificationSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BlockedUsers { blockedUsers { address user { ...UserRef } createdAt } }"): typeof import('./graphql').BlockedUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ModerationQueue($communityId: String, $status: ReportStatus, $first: Int, $after: String) {\n    moderationQueue(communityId: $communityId, status: $status, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ...Report } } } }"): typeof import('./graphql').ModerationQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ModerationLog($communityId: String!, $first: Int, $after: String) {\n    moderationLog(communityId: $communityId, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ...ModerationAction } } } }"): typeof import('./graphql').ModerationLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Sponsorship { sponsorship { enabled forwarder chainId quotaPerDay functions { contract functionName selector } } }"): typeof import('./graphql').SponsorshipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SponsorQuota($address: String!) { sponsorship { enabled remainingToday(address: $address) nextNonce(address: $address) } }"): typeof import('./graphql').SponsorQuotaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RelayRequestStatus($id: ID!) { relayRequest(id: $id) { ...RelayRequest } }"): typeof import('./graphql').RelayRequestStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SiweNonce { siweNonce }"): typeof import('./graphql').SiweNonceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignIn($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { ...Session } }"): typeof import('./graphql').SignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignInWithPassword($login: String!, $password: String!) {\n    signInWithPassword(login: $login, password: $password) { ...Session walletVault walletLost } }"): typeof import('./graphql').SignInWithPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetPassword($password: String!, $currentPassword: String, $salt: String, $walletVault: String) {\n    setPassword(password: $password, currentPassword: $currentPassword, salt: $salt, walletVault: $walletVault) }"): typeof import('./graphql').SetPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }"): typeof import('./graphql').RequestPasswordResetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResetPassword($token: String!, $newPassword: String!, $salt: String) {\n    resetPassword(token: $token, newPassword: $newPassword, salt: $salt) }"): typeof import('./graphql').ResetPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateContact($email: String, $phone: String) { updateContact(email: $email, phone: $phone) { email phone emailVerified } }"): typeof import('./graphql').UpdateContactDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestEmailVerification { requestEmailVerification }"): typeof import('./graphql').RequestEmailVerificationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }"): typeof import('./graphql').VerifyEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignOut { signOut }"): typeof import('./graphql').SignOutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PutContent($json: String!) { putContent(json: $json) }"): typeof import('./graphql').PutContentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SaveBanner($input: BannerInput!) { saveBanner(input: $input) { ...Banner } }"): typeof import('./graphql').SaveBannerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteBanner($id: Int!) { deleteBanner(id: $id) }"): typeof import('./graphql').DeleteBannerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MarkNotificationsRead($upTo: String) { markNotificationsRead(upTo: $upTo) }"): typeof import('./graphql').MarkNotificationsReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetNotificationSettings($settings: [NotificationSettingInput!]!) {\n    setNotificationSettings(settings: $settings) { kind email } }"): typeof import('./graphql').SetNotificationSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateReport($target: ReportTarget!, $targetId: String!, $reason: ReportReason!, $note: String, $communityId: String) {\n    createReport(target: $target, targetId: $targetId, reason: $reason, note: $note, communityId: $communityId) { id status } }"): typeof import('./graphql').CreateReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DismissReport($id: Int!, $note: String!) { dismissReport(id: $id, note: $note) { ...Report } }"): typeof import('./graphql').DismissReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation BlockUser($address: String!) { blockUser(address: $address) }"): typeof import('./graphql').BlockUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UnblockUser($address: String!) { unblockUser(address: $address) }"): typeof import('./graphql').UnblockUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Relay($request: ForwardRequestInput!, $signature: String!) { relay(request: $request, signature: $signature) { ...RelayRequest } }"): typeof import('./graphql').RelayDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription TaskChanged($id: String!) { taskChanged(id: $id) { ...Task } }"): typeof import('./graphql').TaskChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription PostCreated($communityId: String) { postCreated(communityId: $communityId) { id title communityId } }"): typeof import('./graphql').PostCreatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription BlockIndexed { blockIndexed { number hash } }"): typeof import('./graphql').BlockIndexedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription NotificationAdded { notificationAdded { ...Notification } }"): typeof import('./graphql').NotificationAddedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription RelayRequestUpdated($id: ID!) { relayRequestUpdated(id: $id) { ...RelayRequest } }"): typeof import('./graphql').RelayRequestUpdatedDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
