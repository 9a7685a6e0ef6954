/**
 * What a link in model output may do when clicked. Only web and mail addresses leave the app
 * (in a new window, without a referrer); a `#fragment` (a GFM footnote and its back-reference)
 * scrolls within the same message; anything else – relative paths, and the empty href that
 * react-markdown leaves where it stripped a `javascript:` URL – does nothing, because following
 * it would open another copy of the app.
 */
export type LinkAction = 'external' | 'in-message' | 'inert'

const WEB_PROTOCOLS = new Set(['http:', 'https:'])
const EXTERNAL_PROTOCOLS = new Set([...WEB_PROTOCOLS, 'mailto:'])

/** The action for an href from rendered markdown. */
export function linkAction(href: string | undefined | null): LinkAction {
  if (!href) return 'inert'
  if (href.startsWith('#') && href.length > 1) return 'in-message'
  if (!URL.canParse(href)) return 'inert' // relative, so it would resolve against the app itself
  return EXTERNAL_PROTOCOLS.has(new URL(href).protocol) ? 'external' : 'inert'
}

/** Whether an image source may be offered as a link: web addresses only. */
export function isWebUrl(src: string | undefined | null): boolean {
  return !!src && URL.canParse(src) && WEB_PROTOCOLS.has(new URL(src).protocol)
}
