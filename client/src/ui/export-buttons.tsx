import { type ReactNode, useState } from 'react'
import { downloadBase64, downloadText } from './download'
import { StatusMessage, useErrorMessage } from './states'

/** A file the API handed over, as text or as base64 bytes, ready to be saved by the browser. */
export type ExportFile = { filename: string; contentType: string } & (
  | { text: string }
  | { base64: string }
)

/**
 * One button per export format. Each fetches its file, saves it and says what was saved; while one
 * runs, all wait; a refusal is shown under the buttons.
 */
export function ExportButtons<F extends string, T extends ExportFile>({
  formats,
  working,
  fetchFile,
  done,
  className = 'export-actions',
  children,
}: {
  formats: { format: F; label: string }[]
  working: string
  fetchFile: (format: F) => Promise<T>
  done: (file: T) => string
  className?: string
  /** Other actions shown before the export buttons (the record's "Print"). */
  children?: ReactNode
}) {
  const errorMessage = useErrorMessage()
  const [busy, setBusy] = useState<F | null>(null)
  const [status, setStatus] = useState('')
  const [error, setError] = useState('')
  const run = async (format: F) => {
    setBusy(format)
    setStatus('')
    setError('')
    try {
      const file = await fetchFile(format)
      if ('base64' in file) downloadBase64(file.filename, file.contentType, file.base64)
      else downloadText(file.filename, file.contentType, file.text)
      setStatus(done(file))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }
  return (
    <div className={className}>
      {children}
      {formats.map(({ format, label }) => (
        <button
          key={format}
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void run(format)}
        >
          {busy === format ? working : label}
        </button>
      ))}
      <StatusMessage>{status}</StatusMessage>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
