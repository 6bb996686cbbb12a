/** Escapes text for HTML element content and quoted attributes; user text is stored raw and escaped here on output. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}
