/** A reader of Concord's live stream (GET /live, server-sent events), as a browser's EventSource. */
export interface LiveEvent {
  event: string
  data: Record<string, unknown>
}

export interface LiveReader {
  events: LiveEvent[]
  /** Resolves with the first matching event from the `from`th on (already received or to come). */
  next(match: (e: LiveEvent) => boolean, from?: number): Promise<LiveEvent>
  close(): void
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
}

export async function signIn(baseUrl: string, email: string, password = 'concord-demo-2026') {
  const res = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!res.ok) throw new Error(`login as ${email} failed: ${res.status}`)
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}

/** Opens the stream and resolves once it says `ready` (hints from then on reach it). */
export async function openLive(baseUrl: string, cookie: string): Promise<LiveReader> {
  const abort = new AbortController()
  const res = await fetch(`${baseUrl}/live`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  })
  if (res.status !== 200 || !res.body) throw new Error(`GET /live answered ${res.status}`)
  const events: LiveEvent[] = []
  const waiters: { match: (e: LiveEvent) => boolean; resolve: (e: LiveEvent) => void }[] = []
  const push = (e: LiveEvent) => {
    events.push(e)
    for (const w of [...waiters])
      if (w.match(e)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(e)
      }
  }
  let end: () => void = () => {}
  const ended = new Promise<void>((resolve) => {
    end = resolve
  })
  const reader: LiveReader = {
    ended,
    events,
    next(match, from = 0) {
      const seen = events.slice(from).find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve) => waiters.push({ match, resolve }))
    },
    close: () => abort.abort(),
  }
  void (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let end = buffer.indexOf('\n\n')
        while (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          end = buffer.indexOf('\n\n')
          // A heartbeat comment (": ping") is told to the test as a 'ping' event.
          if (block.startsWith(':')) push({ event: 'ping', data: {} })
          let event = 'message'
          let data = ''
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim()
            else if (line.startsWith('data:')) data += line.slice(5).trim()
          }
          if (data) push({ event, data: JSON.parse(data) as Record<string, unknown> })
        }
      }
    } catch {
      // aborted
    }
    end()
  })()
  await reader.next((e) => e.event === 'ready')
  return reader
}
