// The front page and the docs/ pages link to each other and to their sections:
// a moved file or a renamed heading must not leave a dead link. CI also runs the
// README's install and test commands, so the front page must keep them as they are.
// No network: only relative links are checked (http(s) and mailto are left alone).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** README.md and every docs/*.md, as absolute paths. */
function pages(): string[] {
  const docs = join(ROOT, 'docs');
  const inDocs = existsSync(docs) ? readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => join(docs, f)) : [];
  return [join(ROOT, 'README.md'), ...inDocs];
}

/** Markdown without its fenced code blocks (a link-looking text in a code sample is not a link). */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading slug: inline markup dropped, lower case, punctuation removed, spaces to hyphens. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // [text](url) -> text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/[`*]/g, '') // code and emphasis marks (underscores stay, as on GitHub)
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a page offers: its headings' slugs (repeats get -1, -2… as on GitHub) and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const noFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of noFences.matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const slug = githubSlug(match[1]);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  for (const match of noFences.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
  return anchors;
}

/** The relative links of a page: [text](target) and [text]: target. */
function linksOf(markdown: string): string[] {
  const text = withoutCode(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const reference = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]);
  return [...inline, ...reference].filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe('documentation links', () => {
  it('the slug rule matches GitHub on the headings these pages use', () => {
    expect(githubSlug('Le journal et ses clés (NF525)')).toBe('le-journal-et-ses-clés-nf525');
    expect(githubSlug('Hors ligne : vendre pendant une coupure du serveur')).toBe('hors-ligne--vendre-pendant-une-coupure-du-serveur');
    expect(githubSlug('`pos closing z` — la clôture du jour')).toBe('pos-closing-z--la-clôture-du-jour');
    expect(githubSlug('Tests & CI')).toBe('tests--ci');
  });

  it('finds the docs pages', () => {
    const names = pages().map((p) => relative(ROOT, p)).sort();
    for (const page of ['README.md', 'docs/caisse.md', 'docs/gestion.md', 'docs/patron-comptable.md', 'docs/installation.md', 'docs/developer.md']) {
      expect(names).toContain(page);
    }
  });

  it('every relative link and anchor resolves', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages()) {
      const source = readFileSync(page, 'utf8');
      for (const target of linksOf(source)) {
        checked++;
        const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
        const file = pathPart === '' ? page : resolve(dirname(page), decodeURIComponent(pathPart));
        const where = `${relative(ROOT, page)} → ${target}`;
        if (!existsSync(file)) {
          broken.push(`${where}: no such file`);
          continue;
        }
        if (anchor === undefined || anchor === '') continue;
        if (!file.endsWith('.md') || statSync(file).isDirectory()) {
          broken.push(`${where}: an anchor into something that is not a Markdown page`);
          continue;
        }
        if (!anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor))) broken.push(`${where}: no heading with this anchor`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(10); // the pages do link to each other
  });

  it('the README keeps the commands CI and a fresh machine run', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const fences = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    const commands = fences.flatMap((block) => block.split('\n')).map((line) => line.replace(/\s+#.*$/, '').trim());
    expect(commands).toContain('npm install && npm start');
    expect(commands).toContain('npm test');
    // and they still mean what the README says they do
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node bin/pos');
    expect(pkg.scripts.test).toMatch(/jest/);
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });
});
