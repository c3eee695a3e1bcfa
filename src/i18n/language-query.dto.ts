import { StringField } from '../common/http/fields';

/** `?lang=`: the language to answer in (see readerLocale). */
export class LanguageQuery {
  @StringField({
    optional: true,
    max: 35,
    description:
      'The language of the answer: en, es, ja, zh-Hans, zh-Hant, ko, ru, th, vi, id or ms (or a tag of one, e.g. zh-TW). Default: the best of Accept-Language, else en.',
  })
  lang?: string;
}
