// A test EIP-1193 wallet for the browser journey: every request is forwarded to anvil,
// whose unlocked dev accounts sign transactions, personal_sign and eth_signTypedData_v4.
// The page sees it both as window.ethereum and through EIP-6963 announcements.


/** JSON-RPC to anvil from the test runner. */
export async function rpc(rpcUrl, method, params = []) {
  const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
  const body = await res.json()
  if (body.error) {
    const err = new Error(body.error.message)
    err.code = body.error.code
    err.data = body.error.data
    throw err
  }
  return body.result
}

/**
 * Installs the wallet into a Playwright page, on anvil's unlocked dev accounts. Returns { use(index) } to switch the
 * selected account (emits accountsChanged like a real wallet).
 */
export async function installWallet(page, rpcUrl) {
  const accounts = await rpc(rpcUrl, 'eth_accounts')
  const state = { account: accounts[1] }
  await page.exposeFunction('__e2eWallet', async (method, params) => {
    try {
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return { result: [state.account] }
        case 'wallet_switchEthereumChain':
        case 'wallet_addEthereumChain':
          return { result: null }
        case 'personal_sign': {
          const [data, address] = params
          return { result: await rpc(rpcUrl, 'personal_sign', [data, address]) }
        }
        default:
          return { result: await rpc(rpcUrl, method, params ?? []) }
      }
    } catch (e) {
      return { error: { code: e.code ?? -32603, message: e.message, data: e.data } }
    }
  })
  await page.addInitScript(() => {
    const listeners = {}
    const provider = {
      isE2E: true,
      async request({ method, params }) {
        const r = await window.__e2eWallet(method, params ?? [])
        if (r.error) {
          const err = new Error(r.error.message)
          err.code = r.error.code
          err.data = r.error.data
          throw err
        }
        return r.result
      },
      on(event, fn) {
        ;(listeners[event] ??= []).push(fn)
      },
      removeListener(event, fn) {
        listeners[event] = (listeners[event] ?? []).filter((f) => f !== fn)
      },
    }
    window.__e2eEmit = (event, payload) => (listeners[event] ?? []).forEach((fn) => fn(payload))
    window.ethereum = provider
    const info = {
      uuid: '6f1c3c47-3a4b-4a59-9d64-0e2e0e2e0e2e',
      name: 'E2E Anvil Wallet',
      icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"%3E%3Crect width="8" height="8" fill="%23f59e0b"/%3E%3C/svg%3E',
      rdns: 'test.e2e.anvil',
    }
    const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }))
    window.addEventListener('eip6963:requestProvider', announce)
    announce()
    // Record finished on-chain actions and any dialog-free XSS signal.
    window.__txEvents = []
    window.addEventListener('gq:tx', (e) => window.__txEvents.push(e.detail))
  })
  return {
    get account() {
      return state.account
    },
    async use(index) {
      state.account = accounts[index]
      await page.evaluate((a) => window.__e2eEmit?.('accountsChanged', [a]), state.account).catch(() => {})
    },
  }
}
