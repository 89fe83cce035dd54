// Every GraphQL operation the client sends. `npm run codegen` reads them (and
// ../schema.graphql) and generates ./gen: each `graphql(...)` below returns a typed
// document, so a result or variable that no longer matches the schema fails vue-tsc.
// tests/queries.test.ts also validates them all against ../schema.graphql.
// The text must stay literal (no `${...}`): the codegen reads it without running it.
import { graphql } from './gen'

// Shared selections, spread into the operations below (their types: `<Name>Fragment`).
export const FRAGMENTS = [
  graphql(`fragment Source on Source { blockNumber txHash logIndex }`),
  graphql(`fragment Doc on Document { hash json text verified }`),
  graphql(`fragment UserRef on User { address username verified }`),
  graphql(`fragment CommunityRef on Community { id name theme pointsToken pointsSymbol }`),
  graphql(`fragment User on User { ...UserRef profileHash registeredAt roles profile { ...Doc } source { ...Source } }`),
  graphql(`fragment Community on Community {
    ...CommunityRef memberCount creatorAddress creator { ...UserRef } pointsName createdAt description { ...Doc } source { ...Source } }`),
  graphql(`fragment Task on Task {
    id title status communityId community { ...CommunityRef } publisherAddress publisher { ...UserRef }
    claimerAddress claimer { ...UserRef } rewardToken reward deadline rejected createdAt updatedAt source { ...Source } }`),
  graphql(`fragment Post on Post {
    id title communityId authorAddress author { ...UserRef } removed pinned likeCount commentCount createdAt editedAt content { ...Doc } source { ...Source } }`),
  graphql(`fragment Item on Item {
    id communityId community { ...CommunityRef } token name price stock active ratingCount rating sold createdAt metadata { ...Doc } source { ...Source } }`),
  graphql(`fragment Order on Order {
    id itemId itemName item { community { pointsSymbol } } communityId buyer quantity amount token status reviewed createdAt updatedAt expiresAt paidAt completedAt cancelledAt source { ...Source } }`),
  graphql(`fragment Offer on Offer { id maker giveToken giveAmount wantToken wantAmount counterparty expiry status taker source { ...Source } }`),
  graphql(`fragment Member on Member { communityId account user { ...UserRef } isAdmin status joinedAt source { ...Source } }`),
  graphql(`fragment Comment on Comment { id authorAddress author { ...UserRef } content { ...Doc } createdAt source { ...Source } }`),
  graphql(`fragment Review on Review { orderId buyer author { ...UserRef } stars content { ...Doc } createdAt source { ...Source } }`),
  graphql(`fragment PointEntry on PointEntry { id communityId token amount counterparty counterpartyUser { ...UserRef } reason createdAt source { ...Source } }`),
  graphql(`fragment RecoveryRequest on RecoveryRequest { id username oldAccount newAccount evidence { ...Doc } status createdAt source { ...Source } }`),
  graphql(`fragment PublisherApplication on PublisherApplication {
    id account user { ...UserRef roles } application { ...Doc } granted createdAt source { ...Source } }`),
  graphql(`fragment Session on Session { token expiresAt address }`),
  graphql(`fragment Banner on Banner { id title subtitle image link position active updatedAt }`),
  // Issue 14: notifications, reports and the moderation they lead to.
  graphql(`fragment Notification on Notification {
    id kind actor actorUser { ...UserRef } actorCount objectType objectId postId taskId title communityId amount token createdAt updatedAt read source { ...Source } }`),
  graphql(`fragment ModerationAction on ModerationAction {
    id kind communityId moderator moderatorUser { ...UserRef } targetAccount targetAccountUser { ...UserRef } targetId title createdAt source { ...Source } }`),
  graphql(`fragment Report on Report {
    id target targetId communityId reason note reporter reporterUser { ...UserRef } targetTitle targetAuthor targetAuthorUser { ...UserRef }
    postId taskId status createdAt resolvedAt resolvedBy resolutionNote action { ...ModerationAction } targetContent { ...Doc } }`),
  // Issue 15: a request the sponsor relays (chain/relay.ts follows it until MINED or FAILED).
  graphql(`fragment RelayRequest on RelayRequest { id status txHash blockNumber error errorName }`),
]

export const Q = {
  indexerStatus: graphql(`query IndexerStatus { indexerStatus { chainId headBlock indexedBlock lagBlocks } }`),

  me: graphql(`query Me { me { ...User } }`),
  myContact: graphql(`query MyContact { me { address email phone emailVerified hasPassword } }`),
  // The KDF salt a password's login hash is derived with (chain/vault.ts); any login gets one.
  passwordSalt: graphql(`query PasswordSalt($login: String!) { passwordSalt(login: $login) }`),
  user: graphql(`query UserPage($address: String!) { user(address: $address) {
    ...User
    balances { token communityId symbol name balance }
    memberships { ...Member community { ...CommunityRef } }
    credits { contract token owed }
  } }`),
  myBalances: graphql(`query MyBalances($address: String!) { user(address: $address) { address balances { token communityId symbol name balance } } }`),
  userRef: graphql(`query UserRef($address: String!) { user(address: $address) { ...UserRef roles } }`),
  userByName: graphql(`query UserByName($username: String!) { userByName(username: $username) { ...UserRef } }`),
  users: graphql(`query Users($first: Int, $after: String) { users(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ...User } } }`),

  // The home page (views/HomeView.vue, lib/homeFeed.ts): what needs no clock first, then the
  // lists cut at the chain's time, then the signed-in viewer's own sections.
  homeFeed: graphql(`query HomeFeed {
    hotPosts: posts(orderBy: { field: LIKE_COUNT, direction: DESC }, first: 6) { nodes { ...Post community { ...CommunityRef } } }
    communities(orderBy: { field: MEMBER_COUNT, direction: DESC }, first: 6) { nodes { ...Community } }
    items(bySold: true, first: 8) { nodes { ...Item } }
  }`),
  homeTimed: graphql(`query HomeTimed($since: Int!, $soonFilter: TaskFilter!, $soonOrder: TaskOrderBy!, $bestFilter: TaskFilter!, $bestOrder: TaskOrderBy!, $first: Int!) {
    hotRecent: posts(filter: { createdFrom: $since }, orderBy: { field: LIKE_COUNT, direction: DESC }, first: 6) { nodes { ...Post community { ...CommunityRef } } }
    soon: tasks(filter: $soonFilter, orderBy: $soonOrder, first: $first) { totalCount nodes { ...Task } }
    best: tasks(filter: $bestFilter, orderBy: $bestOrder, first: $first) { totalCount nodes { ...Task } }
  }`),
  homeMine: graphql(`query HomeMine($me: String!, $inProgress: [TaskStatus!]!, $first: Int!, $feedFirst: Int!) {
    user(address: $me) { address memberships { communityId status } }
    myFeed: posts(filter: { memberOf: $me }, orderBy: { field: CREATED_AT, direction: DESC }, first: $feedFirst) { nodes { ...Post community { ...CommunityRef } } }
    myTasks: tasks(filter: { claimer: $me, statusIn: $inProgress }, orderBy: { field: DEADLINE, direction: ASC }, first: $first) { totalCount nodes { ...Task } }
  }`),
  // Active banners for the carousel; every one for the system admin's manager.
  banners: graphql(`query Banners { banners { ...Banner } }`),
  adminBanners: graphql(`query AdminBanners { banners(includeInactive: true) { ...Banner } }`),
  search: graphql(`query Search($query: String!, $first: Int) { search(query: $query, first: $first) {
    tasks { id title status }
    communities { id name theme memberCount }
    posts { id title communityId }
    items { id name price token community { pointsSymbol } metadata { ...Doc } }
    users { address username verified profile { ...Doc } }
  } }`),

  tasks: graphql(`query Tasks($filter: TaskFilter, $orderBy: TaskOrderBy, $first: Int, $after: String) {
    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Task } } }`),
  task: graphql(`query Task($id: String!) { task(id: $id) {
    ...Task spec { ...Doc } proofHash submittedAt rejection { ...Doc } dispute { ...Doc }
    workDeadline disputeDeadline releasedClaimers
    payments { from to token amount createdAt source { ...Source } } } }`),

  communities: graphql(`query Communities($filter: CommunityFilter, $orderBy: CommunityOrderBy, $first: Int, $after: String) {
    communities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ...Community } } }`),
  community: graphql(`query Community($id: String!) {
    community(id: $id) { ...Community }
    pinned: posts(filter: { communityId: $id, pinned: true }, first: 10) { nodes { ...Post } }
  }`),
  communityRef: graphql(`query CommunityRef($id: String!) { community(id: $id) { ...CommunityRef } }`),
  // The task market's community picker: names matching what the player types, biggest first.
  communityOptions: graphql(`query CommunityOptions($name: String, $first: Int) {
    communities(filter: { nameContains: $name }, orderBy: { field: MEMBER_COUNT, direction: DESC }, first: $first) { nodes { ...CommunityRef memberCount } } }`),
  // A community's posts newest first, page by page (composables/useConnection).
  posts: graphql(`query Posts($filter: PostFilter, $orderBy: PostOrderBy, $first: Int, $after: String) {
    posts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Post } } }`),
  members: graphql(`query Members($id: String!, $first: Int, $after: String) {
    members(communityId: $id, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Member } } }`),
  membership: graphql(`query Membership($id: String!, $account: String!) {
    members(communityId: $id, account: $account, first: 1) { nodes { ...Member } } }`),
  adminSince: graphql(`query AdminSince($id: String!, $account: String!) {
    members(communityId: $id, account: $account, first: 1) { nodes { adminSince } } }`),
  communityAdmins: graphql(`query CommunityAdmins($id: String!) {
    members(communityId: $id, adminsOnly: true, first: 50) { nodes { ...Member } } }`),
  post: graphql(`query Post($id: String!, $account: String!, $withLike: Boolean!) { post(id: $id) {
    ...Post community { ...CommunityRef } likedBy(account: $account) @include(if: $withLike) } }`),
  comments: graphql(`query Comments($target: CommentTarget!, $targetId: String!, $first: Int, $after: String) {
    comments(target: $target, targetId: $targetId, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ...Comment } } }`),

  items: graphql(`query Items($communityId: String, $byPrice: Boolean!, $direction: Direction!, $first: Int, $after: String, $includeInactive: Boolean!) {
    items(communityId: $communityId, byPrice: $byPrice, direction: $direction, first: $first, after: $after, includeInactive: $includeInactive) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ...Item } } }`),
  item: graphql(`query Item($id: String!) { item(id: $id) { ...Item }
    reviews(itemId: $id, first: 50) { totalCount nodes { ...Review } } }`),
  itemsByIds: graphql(`query ItemRef($id: String!) { item(id: $id) { ...Item } }`),

  order: graphql(`query OrderPage($id: String!) { order(id: $id) { ...Order item { ...Item } } }`),
  orders: graphql(`query Orders($filter: OrderFilter, $first: Int, $after: String) {
    orders(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Order } } }`),

  pointHistory: graphql(`query PointHistory($account: String!, $communityId: String, $first: Int, $after: String) {
    pointHistory(account: $account, communityId: $communityId, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ...PointEntry } } }`),

  offers: graphql(`query Offers($status: OfferStatus, $maker: String, $first: Int, $after: String) {
    offers(status: $status, maker: $maker, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ...Offer } } }`),
  pointTokens: graphql(`query PointTokens { communities(first: 100, orderBy: { field: MEMBER_COUNT, direction: DESC }) { nodes { ...CommunityRef } } }`),

  recoveryRequests: graphql(`query RecoveryRequests($status: RecoveryStatus) { recoveryRequests(status: $status, first: 50) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ...RecoveryRequest } } }`),
  publisherApplications: graphql(`query PublisherApplications { publisherApplications(first: 50) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ...PublisherApplication } } }`),
  settings: graphql(`query Settings { settings { contract name value } }`),
  document: graphql(`query Document($hash: String!) { document(hash: $hash) { ...Doc } }`),

  // Issue 14. The signed-in player's notifications (newest first) and unread count, their
  // mail settings and blocked players; a moderator's queue; a community's public log.
  notifications: graphql(`query Notifications($first: Int, $after: String, $unreadOnly: Boolean!) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) { pageInfo { hasNextPage endCursor } edges { node { ...Notification } } } }`),
  unreadNotificationCount: graphql(`query UnreadNotificationCount { unreadNotificationCount }`),
  // The point tokens' symbols, to say "50 GEM" in a POINTS_AWARDED notification.
  tokenSymbols: graphql(`query TokenSymbols { tokens { address symbol } }`),
  notificationSettings: graphql(`query NotificationSettings { notificationSettings { kind email } }`),
  blockedUsers: graphql(`query BlockedUsers { blockedUsers { address user { ...UserRef } createdAt } }`),
  moderationQueue: graphql(`query ModerationQueue($communityId: String, $status: ReportStatus, $first: Int, $after: String) {
    moderationQueue(communityId: $communityId, status: $status, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ...Report } } } }`),
  moderationLog: graphql(`query ModerationLog($communityId: String!, $first: Int, $after: String) {
    moderationLog(communityId: $communityId, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ...ModerationAction } } } }`),

  // Issue 15, sponsored transactions (chain/relay.ts): what the relayer pays for (once per
  // page), then per request the player's quota and the forwarder nonce to sign; a relayed
  // request's status when the socket cannot follow it.
  sponsorship: graphql(`query Sponsorship { sponsorship { enabled forwarder chainId quotaPerDay functions { contract functionName selector } } }`),
  sponsorQuota: graphql(`query SponsorQuota($address: String!) { sponsorship { enabled remainingToday(address: $address) nextNonce(address: $address) } }`),
  relayRequest: graphql(`query RelayRequestStatus($id: ID!) { relayRequest(id: $id) { ...RelayRequest } }`),
}

export const M = {
  siweNonce: graphql(`mutation SiweNonce { siweNonce }`),
  signIn: graphql(`mutation SignIn($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { ...Session } }`),
  signInWithPassword: graphql(`mutation SignInWithPassword($login: String!, $password: String!) {
    signInWithPassword(login: $login, password: $password) { ...Session walletVault walletLost } }`),
  // `password` and `currentPassword` are login hashes (chain/vault.ts), never the password itself.
  setPassword: graphql(`mutation SetPassword($password: String!, $currentPassword: String, $salt: String, $walletVault: String) {
    setPassword(password: $password, currentPassword: $currentPassword, salt: $salt, walletVault: $walletVault) }`),
  requestPasswordReset: graphql(`mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`),
  resetPassword: graphql(`mutation ResetPassword($token: String!, $newPassword: String!, $salt: String) {
    resetPassword(token: $token, newPassword: $newPassword, salt: $salt) }`),
  updateContact: graphql(`mutation UpdateContact($email: String, $phone: String) { updateContact(email: $email, phone: $phone) { email phone emailVerified } }`),
  requestEmailVerification: graphql(`mutation RequestEmailVerification { requestEmailVerification }`),
  verifyEmail: graphql(`mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }`),
  signOut: graphql(`mutation SignOut { signOut }`),
  putContent: graphql(`mutation PutContent($json: String!) { putContent(json: $json) }`),
  saveBanner: graphql(`mutation SaveBanner($input: BannerInput!) { saveBanner(input: $input) { ...Banner } }`),
  deleteBanner: graphql(`mutation DeleteBanner($id: Int!) { deleteBanner(id: $id) }`),
  markNotificationsRead: graphql(`mutation MarkNotificationsRead($upTo: String) { markNotificationsRead(upTo: $upTo) }`),
  setNotificationSettings: graphql(`mutation SetNotificationSettings($settings: [NotificationSettingInput!]!) {
    setNotificationSettings(settings: $settings) { kind email } }`),
  createReport: graphql(`mutation CreateReport($target: ReportTarget!, $targetId: String!, $reason: ReportReason!, $note: String, $communityId: String) {
    createReport(target: $target, targetId: $targetId, reason: $reason, note: $note, communityId: $communityId) { id status } }`),
  dismissReport: graphql(`mutation DismissReport($id: Int!, $note: String!) { dismissReport(id: $id, note: $note) { ...Report } }`),
  blockUser: graphql(`mutation BlockUser($address: String!) { blockUser(address: $address) }`),
  unblockUser: graphql(`mutation UnblockUser($address: String!) { unblockUser(address: $address) }`),
  relay: graphql(`mutation Relay($request: ForwardRequestInput!, $signature: String!) { relay(request: $request, signature: $signature) { ...RelayRequest } }`),
}

export const S = {
  taskChanged: graphql(`subscription TaskChanged($id: String!) { taskChanged(id: $id) { ...Task } }`),
  postCreated: graphql(`subscription PostCreated($communityId: String) { postCreated(communityId: $communityId) { id title communityId } }`),
  blockIndexed: graphql(`subscription BlockIndexed { blockIndexed { number hash } }`),
  // The signed-in socket's own notifications (the token goes in the connection's params).
  notificationAdded: graphql(`subscription NotificationAdded { notificationAdded { ...Notification } }`),
  relayRequestUpdated: graphql(`subscription RelayRequestUpdated($id: ID!) { relayRequestUpdated(id: $id) { ...RelayRequest } }`),
}
