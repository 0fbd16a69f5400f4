/**
 * Saves text the API handed over as a file: the exports come back as tRPC answers (same session
 * cookie and permission check as everything else), so the browser builds the file itself.
 */
export function downloadText(filename: string, contentType: string, text: string) {
  const blob = new Blob([text], { type: contentType })
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
