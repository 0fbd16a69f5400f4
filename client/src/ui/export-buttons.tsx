import { useState } from 'react'
import { downloadText } from './download'
import { StatusMessage, useErrorMessage } from './states'

/** A file the API handed over as text, ready to be saved by the browser. */
export interface ExportFile {
  filename: string
  contentType: string
  text: string
}

/**
 * One button per export format. Each fetches its file, saves it and says what was saved; while one
 * runs, all wait; a refusal is shown under the buttons.
 */
export function ExportButtons<F extends string, T extends ExportFile>({
  formats,
  working,
  fetchFile,
  done,
}: {
  formats: { format: F; label: string }[]
  working: string
  fetchFile: (format: F) => Promise<T>
  done: (file: T) => string
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
      downloadText(file.filename, file.contentType, file.text)
      setStatus(done(file))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }
  return (
    <div className="export-actions">
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
