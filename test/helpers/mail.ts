import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface TestMailServer {
  url: string
  received: ParsedMail[]
  /** Resolves once `count` messages have arrived (fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<ParsedMail[]>
  close(): Promise<void>
}

/** A real SMTP server on a loopback port; every message it accepts is parsed with mailparser. */
export async function startMailServer(): Promise<TestMailServer> {
  const received: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail)
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count, ms = 10_000) {
      const until = Date.now() + ms
      while (received.length < count) {
        if (Date.now() > until)
          throw new Error(`expected ${count} messages, received ${received.length}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      return received
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
