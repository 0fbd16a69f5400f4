/**
 * Verifies a decision certificate in this browser (docs/ledger-spec.md §11): dropped on the zone
 * or chosen with the file input, read locally and checked by the shared verifier. Nothing is sent
 * to the server: the verdict holds even if the server lies.
 */
import { type DragEvent, useId, useState } from 'react'
import { type CertificateVerdict, verifyCertificate } from '../../../../shared/decision-certificate'
import { type MessageKey, useI18n } from '../../i18n'
import { usePartyLabel } from '../../partnership'
import { StatusMessage } from '../../ui/states'
import './certificate-drop.css'

type Checked = { file: string; verdict: CertificateVerdict }

export function CertificateDrop() {
  const { t, locale, formatDateTime, formatNumber } = useI18n()
  const partyLabel = usePartyLabel()
  const fileId = useId()
  const [checking, setChecking] = useState<string | null>(null)
  const [checked, setChecked] = useState<Checked | null>(null)
  const [over, setOver] = useState(false)

  const check = async (file: File | undefined) => {
    if (!file) return
    setChecked(null)
    setChecking(file.name)
    try {
      const verdict = await verifyCertificate(await file.text())
      setChecked({ file: file.name, verdict })
    } finally {
      setChecking(null)
    }
  }
  const onDrop = (event: DragEvent<HTMLFieldSetElement>) => {
    event.preventDefault()
    setOver(false)
    void check(event.dataTransfer.files[0])
  }
  const v = checked?.verdict
  return (
    <section className="card" aria-labelledby="certificate-heading">
      <h2 id="certificate-heading">{t('audit.certificate.title')}</h2>
      <p className="muted">{t('audit.certificate.help')}</p>
      {/* The zone is a convenience for a mouse; the labelled file input inside works for everyone. */}
      <fieldset
        className={`certificate-drop${over ? ' certificate-drop-over' : ''}`}
        data-testid="certificate-drop"
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <legend>{t('audit.certificate.drop')}</legend>
        <div className="field file-field">
          <label htmlFor={fileId}>{t('audit.certificate.choose')}</label>
          <input
            id={fileId}
            type="file"
            accept="application/json,.json"
            disabled={checking !== null}
            onChange={(e) => void check(e.target.files?.[0])}
          />
        </div>
      </fieldset>
      <StatusMessage>
        {checking ? t('audit.certificate.checking', { file: checking }) : ''}
      </StatusMessage>
      <div aria-live="polite">
        {checked && v ? (
          <div
            className={`verify-result ${v.ok ? 'verify-ok' : 'verify-broken'}`}
            data-result={v.ok ? 'verifies' : 'fails'}
          >
            {v.ok ? (
              <>
                <p className="verify-verdict">
                  <span aria-hidden="true">✓ </span>
                  {t('audit.certificate.ok', {
                    file: checked.file,
                    code: v.decision.code,
                    title: v.decision.title,
                  })}
                </p>
                <p>
                  {t('audit.certificate.okDetail', {
                    origin: v.origin,
                    size: formatNumber(v.treeSize),
                    parties: new Intl.ListFormat(locale, { type: 'conjunction' }).format(
                      v.witnessedBy.map((w) => partyLabel(w.party)),
                    ),
                    entries: formatNumber(v.entries),
                    sealed: formatNumber(v.sealed),
                    signoffs: formatNumber(v.signoffs),
                  })}
                </p>
                <ul className="certificate-witnesses">
                  {v.witnessedBy.map((w) => (
                    <li key={w.name}>
                      {t('audit.certificate.witnessAt', {
                        party: partyLabel(w.party),
                        name: w.name,
                        at: formatDateTime(w.at),
                      })}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <>
                <p className="verify-verdict">
                  <span aria-hidden="true">✗ </span>
                  {t('audit.certificate.fails', { file: checked.file })}
                </p>
                <p>
                  {t(`audit.certificate.problem.${v.problem}` as MessageKey, {
                    message: v.message,
                  })}
                </p>
              </>
            )}
          </div>
        ) : null}
      </div>
    </section>
  )
}
