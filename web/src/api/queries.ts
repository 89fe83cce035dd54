// Every GraphQL operation the client sends. tests/queries.test.ts validates them all
// against ../schema.graphql.

const SRC = 'source { blockNumber txHash }'
const DOC = 'hash json text verified'
const USER_REF = 'address username verified'
const COMMUNITY_REF = 'id name theme pointsToken pointsSymbol'
const PAGE = 'totalCount pageInfo { hasNextPage endCursor }'

const USER = `${USER_REF} profileHash registeredAt roles profile { ${DOC} } ${SRC}`
const COMMUNITY = `${COMMUNITY_REF} memberCount creatorAddress creator { ${USER_REF} } pointsName createdAt description { ${DOC} } ${SRC}`
const TASK = `id title status communityId community { ${COMMUNITY_REF} } publisherAddress publisher { ${USER_REF} }
  claimerAddress claimer { ${USER_REF} } rewardToken reward deadline rejected createdAt updatedAt ${SRC}`
const POST = `id title communityId authorAddress author { ${USER_REF} } removed pinned likeCount commentCount createdAt editedAt content { ${DOC} } ${SRC}`
const ITEM = `id communityId community { ${COMMUNITY_REF} } token name price stock active ratingCount rating sold createdAt metadata { ${DOC} } ${SRC}`
const ORDER = `id itemId itemName item { community { pointsSymbol } } communityId buyer quantity amount token status reviewed createdAt updatedAt expiresAt ${SRC}`
const OFFER = `id maker giveToken giveAmount wantToken wantAmount counterparty expiry status taker ${SRC}`
const MEMBER = `communityId account user { ${USER_REF} } isAdmin status joinedAt ${SRC}`

export const Q = {
  indexerStatus: `query IndexerStatus { indexerStatus { chainId headBlock indexedBlock lagBlocks } }`,

  me: `query Me { me { ${USER} } }`,
  myContact: `query MyContact { me { address email phone emailVerified hasPassword } }`,
  user: `query UserPage($address: String!) { user(address: $address) {
    ${USER}
    balances { token communityId symbol name balance }
    memberships { ${MEMBER} }
    credits { contract token owed }
  } }`,
  userRef: `query UserRef($address: String!) { user(address: $address) { ${USER_REF} roles } }`,
  userByName: `query UserByName($username: String!) { userByName(username: $username) { ${USER_REF} } }`,
  users: `query Users($first: Int, $after: String) { users(first: $first, after: $after) { ${PAGE} nodes { ${USER} } } }`,

  home: `query Home { 
    items(first: 8) { nodes { ${ITEM} } }
    tasks(filter: { status: OPEN }, orderBy: { field: CREATED_AT, direction: DESC }, first: 1) { nodes { id title reward rewardToken community { ${COMMUNITY_REF} } } }
    communities(orderBy: { field: MEMBER_COUNT, direction: DESC }, first: 1) { nodes { id name theme memberCount } }
  }`,
  search: `query Search($query: String!, $first: Int) { search(query: $query, first: $first) {
    tasks { id title status }
    communities { id name theme memberCount }
    posts { id title communityId }
  } }`,

  tasks: `query Tasks($filter: TaskFilter, $orderBy: TaskOrderBy, $first: Int, $after: String) {
    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { ${PAGE} nodes { ${TASK} } } }`,
  task: `query Task($id: String!) { task(id: $id) {
    ${TASK} spec { ${DOC} } proofHash submittedAt rejection { ${DOC} } dispute { ${DOC} }
    workDeadline disputeDeadline releasedClaimers
    payments { from to token amount createdAt ${SRC} } } }`,

  communities: `query Communities($filter: CommunityFilter, $orderBy: CommunityOrderBy, $first: Int, $after: String) {
    communities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { ${PAGE} nodes { ${COMMUNITY} } } }`,
  community: `query Community($id: String!) {
    community(id: $id) { ${COMMUNITY} }
    pinned: posts(filter: { communityId: $id, pinned: true }, first: 10) { nodes { ${POST} } }
    recent: posts(filter: { communityId: $id }, orderBy: { field: CREATED_AT, direction: DESC }, first: 20) { ${PAGE} nodes { ${POST} } }
    members(communityId: $id, first: 50) { totalCount nodes { ${MEMBER} } }
  }`,
  membership: `query Membership($id: String!, $account: String!) {
    members(communityId: $id, account: $account, first: 1) { nodes { ${MEMBER} } } }`,
  adminSince: `query AdminSince($id: String!, $account: String!) {
    members(communityId: $id, account: $account, first: 1) { nodes { adminSince } } }`,
  communityAdmins: `query CommunityAdmins($id: String!) {
    members(communityId: $id, adminsOnly: true, first: 50) { nodes { ${MEMBER} } } }`,
  post: `query Post($id: String!, $account: String!, $withLike: Boolean!) { post(id: $id) {
    ${POST} community { ${COMMUNITY_REF} } likedBy(account: $account) @include(if: $withLike) } }`,
  comments: `query Comments($target: CommentTarget!, $targetId: String!, $first: Int, $after: String) {
    comments(target: $target, targetId: $targetId, first: $first, after: $after) {
      ${PAGE} nodes { id authorAddress author { ${USER_REF} } content { ${DOC} } createdAt ${SRC} } } }`,

  items: `query Items($communityId: String, $byPrice: Boolean!, $direction: Direction!, $first: Int, $after: String, $includeInactive: Boolean!) {
    items(communityId: $communityId, byPrice: $byPrice, direction: $direction, first: $first, after: $after, includeInactive: $includeInactive) {
      ${PAGE} nodes { ${ITEM} } } }`,
  item: `query Item($id: String!) { item(id: $id) { ${ITEM} }
    reviews(itemId: $id, first: 50) { totalCount nodes { orderId buyer author { ${USER_REF} } stars content { ${DOC} } createdAt ${SRC} } } }`,
  itemsByIds: `query ItemRef($id: String!) { item(id: $id) { ${ITEM} } }`,

  orders: `query Orders($filter: OrderFilter, $first: Int, $after: String) {
    orders(filter: $filter, first: $first, after: $after) { ${PAGE} nodes { ${ORDER} } } }`,

  pointHistory: `query PointHistory($account: String!, $communityId: String, $first: Int, $after: String) {
    pointHistory(account: $account, communityId: $communityId, first: $first, after: $after) {
      ${PAGE} nodes { id communityId token amount counterparty reason createdAt ${SRC} } } }`,

  offers: `query Offers($status: OfferStatus, $maker: String, $first: Int, $after: String) {
    offers(status: $status, maker: $maker, first: $first, after: $after) { ${PAGE} nodes { ${OFFER} } } }`,
  pointTokens: `query PointTokens { communities(first: 100, orderBy: { field: MEMBER_COUNT, direction: DESC }) { nodes { ${COMMUNITY_REF} } } }`,

  recoveryRequests: `query RecoveryRequests($status: RecoveryStatus) { recoveryRequests(status: $status, first: 50) {
    ${PAGE} nodes { id username oldAccount newAccount evidence { ${DOC} } status createdAt ${SRC} } } }`,
  publisherApplications: `query PublisherApplications { publisherApplications(first: 50) {
    ${PAGE} nodes { id account user { ${USER_REF} roles } application { ${DOC} } granted createdAt ${SRC} } } }`,
  settings: `query Settings { settings { contract name value } }`,
  document: `query Document($hash: String!) { document(hash: $hash) { ${DOC} } }`,
} as const

export const M = {
  siweNonce: `mutation SiweNonce { siweNonce }`,
  signIn: `mutation SignIn($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { token expiresAt address } }`,
  signInWithPassword: `mutation SignInWithPassword($login: String!, $password: String!) {
    signInWithPassword(login: $login, password: $password) { token expiresAt address } }`,
  setPassword: `mutation SetPassword($password: String!, $currentPassword: String) { setPassword(password: $password, currentPassword: $currentPassword) }`,
  requestPasswordReset: `mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`,
  resetPassword: `mutation ResetPassword($token: String!, $newPassword: String!) { resetPassword(token: $token, newPassword: $newPassword) }`,
  updateContact: `mutation UpdateContact($email: String, $phone: String) { updateContact(email: $email, phone: $phone) { email phone emailVerified } }`,
  requestEmailVerification: `mutation RequestEmailVerification { requestEmailVerification }`,
  verifyEmail: `mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }`,
  putContent: `mutation PutContent($json: String!) { putContent(json: $json) }`,
} as const

export const S = {
  taskChanged: `subscription TaskChanged($id: String!) { taskChanged(id: $id) { ${TASK} } }`,
  postCreated: `subscription PostCreated($communityId: String) { postCreated(communityId: $communityId) { id title communityId } }`,
  blockIndexed: `subscription BlockIndexed { blockIndexed { number hash } }`,
} as const
