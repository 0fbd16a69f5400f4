/**
 * `concord audit certificate verify FILE [--log-key VKEY]... [--witness-key VKEY]...`: checks a
 * decision certificate offline (docs/ledger-spec.md §11) with the shared verifier the server and
 * the browser run. No database, no server. Exit 0 when it verifies, 1 when it does not (or the
 * file cannot be read), 2 on misuse.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { describeCertificate, verifyCertificate } from '../../shared/decision-certificate'

export const CERTIFICATE_USAGE = `  audit certificate verify FILE [--log-key VKEY]... [--witness-key VKEY]...
                                Verify a decision certificate offline: no database, no server.
                                Exit 0 only when every entry, proof, signature and cosignature
                                holds. --log-key and --witness-key pin keys you obtained from
                                each party: the checkpoint must be signed by one of the log keys
                                and cosigned by every pinned witness.`

export async function certificateCommand(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args,
      options: {
        'log-key': { type: 'string', multiple: true },
        'witness-key': { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: true,
    })
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage:\n${CERTIFICATE_USAGE}`)
    return 2
  }
  const [verb, file, ...extra] = parsed.positionals
  if (verb !== 'verify' || !file || extra.length > 0) {
    console.error(`Usage:\n${CERTIFICATE_USAGE}`)
    return 2
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    console.error(
      `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
    )
    return 1
  }
  const logKeys = parsed.values['log-key'] as string[] | undefined
  const witnessKeys = parsed.values['witness-key'] as string[] | undefined
  const verdict = await verifyCertificate(text, { logKeys, witnessKeys })
  if (!verdict.ok) {
    console.error(describeCertificate(verdict))
    return 1
  }
  console.log(describeCertificate(verdict))
  for (const w of verdict.witnessedBy)
    console.log(`  cosigned by ${w.party}'s witness ${w.name} at ${w.at}`)
  if (!logKeys && !witnessKeys)
    console.log(
      "The keys are the certificate's own: pin them with --log-key and --witness-key from each party to trust more than the file.",
    )
  return 0
}
