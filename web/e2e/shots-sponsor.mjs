// Fixtures of shots.mjs for sponsored transactions (issue 15): the 免 Gas tag on actions the
// relayer pays for, and a sponsored call's progress (签名 → 中继排队 → 上链确认 → 页面同步) as a
// toast (点赞 on a post) and inline (paying an order), the fallback to the wallet when the
// day's quota is used up, and a player with no ETH. `sponsorAnswer` answers these first.
//   node e2e/shots.mjs sponsor   → e2e/screenshots/sponsor-*.png

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toFunctionSelector } from 'viem'

const ABI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bindings', 'abi')
/** What the relayer pays for, with the selectors the bindings give. */
const SPONSORED = { Posts: ['like', 'unlike', 'comment', 'createPost'], Communities: ['join'], TaskMarket: ['claimTask', 'submitWork'], PointMall: ['payOrder'] }
const functions = Object.entries(SPONSORED).flatMap(([contract, names]) => {
  const abi = JSON.parse(readFileSync(join(ABI, `${contract}.json`), 'utf8')).abi
  return names.map((functionName) => ({ contract, functionName, selector: toFunctionSelector(abi.find((f) => f.type === 'function' && f.name === functionName)) }))
})
const FORWARDER = '0x' + '0f'.repeat(20)
const RELAY_TX = '0x' + '5e'.repeat(32)

/**
 * The player's wallet (window.ethereum, installed by the scenario's init script): reads
 * answered, the EIP-712 signature given or left open (`sign: false`), transactions left
 * open (the fallback's prompt), `balance` wei of ETH, the relayer's transaction mined.
 */
function sponsorWallet(account, chainTime, { sign = true, balance = 5n * 10n ** 16n } = {}) {
  return [
    ([acc, time, signs, wei, hash]) => {
      const word = (n) => BigInt(n).toString(16).padStart(64, '0')
      const hex = (n) => '0x' + n.toString(16)
      const never = () => new Promise(() => {})
      const block = (n) => ({ number: hex(n), timestamp: hex(time), hash: '0x' + 'cd'.repeat(32), parentHash: '0x' + 'ce'.repeat(32), transactions: [], baseFeePerGas: '0x1', gasLimit: hex(30_000_000), gasUsed: '0x0' })
      window.ethereum = {
        async request({ method, params }) {
          switch (method) {
            case 'eth_requestAccounts':
            case 'eth_accounts': return [acc]
            case 'eth_chainId': return '0x7a69'
            case 'eth_blockNumber': return '0x79'
            // balanceOf and allowance: plenty (one step, no authorization); the calls simulate fine.
            case 'eth_call': return ['0x70a08231', '0xdd62ed3e'].includes(params[0].data.slice(0, 10)) ? '0x' + word(10n ** 24n) : '0x'
            case 'eth_estimateGas': return hex(95_000)
            case 'eth_getBlockByNumber': return block(121)
            case 'eth_getBalance': return hex(wei)
            case 'eth_signTypedData_v4': return signs ? '0x' + 'ab'.repeat(64) + '1b' : never()
            case 'eth_getTransactionReceipt':
              return params[0] === hash
                ? { blockHash: '0x' + 'cd'.repeat(32), blockNumber: '0x79', contractAddress: null, cumulativeGasUsed: hex(80_000), effectiveGasPrice: '0x1', from: '0x' + '0e'.repeat(20), gasUsed: hex(80_000), logs: [], logsBloom: '0x' + '00'.repeat(256), status: '0x1', to: '0x' + '0f'.repeat(20), transactionHash: hash, transactionIndex: '0x0', type: '0x2' }
                : null
            default: return never() // eth_sendTransaction: the wallet's prompt stays open
          }
        },
        on() {},
        removeListener() {},
      }
    },
    [account, chainTime, sign, String(balance), RELAY_TX],
  ]
}

/** The sponsored-transaction scenarios, over the shared fixtures of shots.mjs and the wallet scenarios' order page. */
export function sponsorScenarios(f, walletScenarios) {
  const { NOW, CHAIN, D, H, COMMUNITY, CLAIMER, PUB, SRC, task } = f
  const member = { isAdmin: false, adminSince: null }
  const orderPage = walletScenarios.find((s) => s.name === 'order-pay-steps')
  const post = {
    id: '10', title: '今晚 8 点深渊 12 层车队，缺一个奶', communityId: '1', community: COMMUNITY, authorAddress: PUB, author: { address: PUB, username: 'alice', verified: true },
    removed: false, pinned: false, likeCount: 12, commentCount: 0, createdAt: NOW - 5 * H, editedAt: null, likedBy: false, source: SRC,
    content: { hash: '0x' + '11'.repeat(32), json: JSON.stringify({ text: '来个练度够的奶妈，语音在群里。\n\n- 深渊 12 层\n- 周五晚 8 点' }), text: '来个练度够的奶妈，语音在群里。\n\n- 深渊 12 层\n- 周五晚 8 点', verified: true },
  }
  const base = { prefix: 'sponsor', viewer: CLAIMER, roles: [], member, sponsor: { post, quota: 17 } }
  const onPost = { ...base, path: '/post/10', tab: 'communities' }
  const clickLike = async (page) => {
    await page.locator('[data-test="like"] [data-test="gas-free"]').waitFor()
    await page.locator('[data-test="like"]').click()
  }
  const onOrder = (name, ready, sponsor, wallet) => ({
    ...orderPage, ...base, name, ready, sponsor: { ...base.sponsor, ...sponsor }, init: sponsorWallet(CLAIMER, CHAIN, wallet),
    act: async (page) => {
      await page.locator('[data-test="order-balance"] b').waitFor()
      await page.locator('[data-test="pay-order-12"] [data-test="gas-free"]').waitFor()
      await page.locator('[data-test="pay-order-12"]').click()
    },
  })
  const steps = (phase, sponsored = true) => `[data-test="tx-steps"][data-phase="${phase}"]${sponsored ? '[data-sponsored="true"]' : ':not([data-sponsored])'}`
  return [
    // The tags: 点赞 and 发送 on a post, 领取任务 on an open task.
    { ...onPost, name: 'post-tags', ready: '[data-test="comment-send"] [data-test="gas-free"]', act: async (page) => page.locator('[data-test="like"] [data-test="gas-free"]').waitFor() },
    {
      ...base, name: 'task-tag', tab: 'tasks', ready: '[data-test="claim"] [data-test="gas-free"]',
      task: task({ id: '7', status: 'OPEN', claimerAddress: null, claimer: null, workDeadline: null, deadline: CHAIN + 9 * D }),
    },
    // 点赞 (a toast, no TxSteps on the post page): sign, queued at the relayer, sent.
    { ...onPost, name: 'like-sign', ready: '.wallet-prompt', init: sponsorWallet(CLAIMER, CHAIN, { sign: false }), act: clickLike },
    { ...onPost, name: 'like-queued', ready: '.relay-queued', init: sponsorWallet(CLAIMER, CHAIN), sponsor: { ...base.sponsor, status: 'QUEUED' }, act: clickLike },
    { ...onPost, name: 'like-sent', ready: '.tx-toast-sponsored', init: sponsorWallet(CLAIMER, CHAIN), sponsor: { ...base.sponsor, status: 'SENT' }, act: clickLike },
    // Paying an order (TxSteps next to the button): each stage, the fallback, no ETH.
    onOrder('order-sign', steps('wallet'), {}, { sign: false }),
    onOrder('order-queued', steps('queued'), { status: 'QUEUED' }),
    onOrder('order-mining', steps('mining'), { status: 'SENT' }),
    onOrder('order-indexing', steps('indexing'), { status: 'MINED' }),
    onOrder('order-fallback', `${steps('wallet', false)} [data-test="tx-fallback"]`, { refuse: 'QUOTA' }),
    onOrder('order-no-gas', '.tx-error', { refuse: 'QUOTA' }, { balance: 0n }),
  ]
}

/** Answers `op`: the sponsorship for every scenario (off outside these), the relayer for these. */
export function sponsorAnswer(op, vars, sc) {
  const s = sc.sponsor
  switch (op) {
    case 'Sponsorship': return { sponsorship: { enabled: !!s, forwarder: s ? FORWARDER : null, chainId: 31337, quotaPerDay: 20, functions: s ? functions : [] } }
    case 'SponsorQuota': return { sponsorship: { enabled: !!s, remainingToday: s?.quota ?? 0, nextNonce: '4' } }
    default: break
  }
  if (!s) return undefined
  const request = (status) => ({ id: 'r1', status, txHash: status === 'QUEUED' ? null : RELAY_TX, blockNumber: status === 'MINED' ? 121 : null, error: null, errorName: null })
  switch (op) {
    case 'Post': return { post: s.post }
    case 'Relay':
      if (s.refuse) return { __errors: [{ message: 'no sponsored request left today', extensions: { code: 'RATE_LIMITED', reason: s.refuse } }] }
      return { relay: request(s.status) }
    case 'RelayRequestStatus': return { relayRequest: request(s.status) }
    case 'Comments': return { comments: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }
    default: return undefined
  }
}
