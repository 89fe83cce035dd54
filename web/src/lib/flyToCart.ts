/**
 * The add-to-cart animation: a dot flies from `from` to the header's cart button, which
 * then bounces. Does nothing where animations are unsupported or reduced.
 */
export function flyToCart(from: HTMLElement | null): void {
  const cart = document.getElementById('cart-button')
  if (!from || !cart || typeof document.body.animate !== 'function') return
  if (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches) return
  const a = from.getBoundingClientRect()
  const b = cart.getBoundingClientRect()
  const dot = document.createElement('div')
  dot.className = 'fly-dot'
  dot.style.left = `${a.left + a.width / 2 - 10}px`
  dot.style.top = `${a.top + a.height / 2 - 10}px`
  document.body.appendChild(dot)
  const dx = b.left + b.width / 2 - (a.left + a.width / 2)
  const dy = b.top + b.height / 2 - (a.top + a.height / 2)
  const anim = dot.animate(
    [
      { transform: 'translate(0, 0) scale(1)', opacity: 1 },
      { transform: `translate(${dx * 0.5}px, ${dy - 80}px) scale(0.9)`, opacity: 0.9, offset: 0.5 },
      { transform: `translate(${dx}px, ${dy}px) scale(0.3)`, opacity: 0.4 },
    ],
    { duration: 700, easing: 'cubic-bezier(.5,-0.3,.7,1)' },
  )
  anim.onfinish = () => {
    dot.remove()
    cart.animate([{ transform: 'scale(1)' }, { transform: 'scale(1.25)' }, { transform: 'scale(1)' }], { duration: 300 })
  }
}
