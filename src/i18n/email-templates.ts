import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { I18N_DIR } from './translations';

const DIR = join(I18N_DIR, 'emails');

export type EmailTemplate = 'digest' | 'introduction' | 'sign-in';

type Render = (context: object) => string;

const compiled = new Map<string, Promise<Render>>();

/**
 * An email's HTML template: i18n/emails/<name>.mjml compiled once by MJML into responsive,
 * inline-styled HTML, its Handlebars tags kept, then compiled by Handlebars, which escapes every
 * value by default. Strict: a value the template names but the context lacks is an error.
 */
function htmlTemplate(name: EmailTemplate): Promise<Render> {
  let t = compiled.get(name);
  if (!t) {
    t = (async () => {
      const { html, errors } = await mjml2html(readFileSync(join(DIR, `${name}.mjml`), 'utf8'), {
        filePath: join(DIR, `${name}.mjml`),
        validationLevel: 'strict',
        keepComments: false,
        // The shared theme (theme.mjml) only, from this folder; no web fonts to fetch.
        ignoreIncludes: false,
        includePath: DIR,
        fonts: {},
      });
      if (errors.length)
        throw new Error(`${name}.mjml: ${errors.map((e) => e.formattedMessage).join('; ')}`);
      return Handlebars.compile(html, { strict: true });
    })();
    t.catch(() => compiled.delete(name));
    compiled.set(name, t);
  }
  return t;
}

const text = new Map<string, Render>();

/** An email's plain-text part: i18n/emails/<name>.txt.hbs, nothing escaped (it is not HTML). */
function textTemplate(name: EmailTemplate): Render {
  let t = text.get(name);
  if (!t) {
    t = Handlebars.compile(readFileSync(join(DIR, `${name}.txt.hbs`), 'utf8'), {
      strict: true,
      noEscape: true,
    });
    text.set(name, t);
  }
  return t;
}

/** The HTML and text parts of an email, from the same context. */
export async function renderEmail(
  name: EmailTemplate,
  context: object,
): Promise<{ html: string; text: string }> {
  const html = (await htmlTemplate(name))(context);
  return {
    html,
    text:
      textTemplate(name)(context)
        .replace(/\n{3,}/g, '\n\n')
        .trim() + '\n',
  };
}

let page: Render | undefined;

/** A small HTML page (the unsubscribe confirmation and result), escaped by Handlebars. */
export function renderPage(context: {
  lang: string;
  title: string;
  body?: string;
  action?: string;
  button?: string;
}): string {
  page ??= Handlebars.compile(readFileSync(join(DIR, 'unsubscribe.hbs'), 'utf8'));
  return page(context);
}
