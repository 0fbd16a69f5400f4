/**
 * Saves what the API handed over as a file: the exports come back as tRPC answers (same session
 * cookie and permission check as everything else), so the browser builds the file itself.
 */
export function downloadBlob(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Text (CSV, JSON, Markdown) as a file. */
export function downloadText(filename: string, contentType: string, text: string) {
  downloadBlob(filename, new Blob([text], { type: contentType }))
}

/** Bytes handed over as base64 (a PDF) as a file. */
export function downloadBase64(filename: string, contentType: string, base64: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  downloadBlob(filename, new Blob([bytes], { type: contentType }))
}
