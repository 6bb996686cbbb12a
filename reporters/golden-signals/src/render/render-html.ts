import MarkdownIt from 'markdown-it';

/**
 * A self-contained HTML page of the markdown report. Raw HTML is disabled: test names and failure
 * messages end up in the markdown, and `<script>` in a test title must print, not run.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{border-bottom:2px solid #ddd}h2{border-bottom:1px solid #eee;margin-top:2rem}pre{background:#f6f8fa;padding:.6rem;overflow:auto}
code{background:#f6f8fa;padding:0 .2rem}li{margin:.15rem 0}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem}`;

export function markdownToHtml(text: string): string {
  return markdown.render(text);
}

/** The page around a rendered body; `extraHead` carries more style, `before` goes above the markdown (charts). */
export function renderHtml(text: string, title: string, options: { extraStyle?: string; before?: string } = {}): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n<style>${STYLE}${options.extraStyle ?? ''}</style>\n</head>\n<body>\n${options.before ?? ''}${markdownToHtml(text)}</body>\n</html>\n`;
}
