/**
 * The names RE2 (Go's regexp/syntax) accepts in `\p{...}`. Go up to 1.25 looks names up exactly; 1.26 also
 * ignores case, `_`, `-` and spaces and knows the long category names, but lost the scripts spelled with `_`.
 * Prometheus 3 has been built with both, so a name either accepts is accepted. The lists are Go's (Unicode 15).
 */
const CATEGORIES =
  `C Cc Cf Cn Co Cs L LC Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm
  So Z Zl Zp Zs`.split(/\s+/);

const SCRIPTS =
  `Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki
  Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee
  Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra
  Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati
  Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic
  Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li
  Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian
  Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek
  Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean
  Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian
  Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur
  Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic
  Samaritan Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese
  Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai
  Tibetan Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square`.split(
    /\s+/,
  );

/** Go 1.26's long names of categories, and its POSIX-style aliases. */
const CATEGORY_ALIASES: Record<string, string> = {
  Cased_Letter: 'LC',
  Close_Punctuation: 'Pe',
  Combining_Mark: 'M',
  Connector_Punctuation: 'Pc',
  Control: 'Cc',
  Currency_Symbol: 'Sc',
  Dash_Punctuation: 'Pd',
  Decimal_Number: 'Nd',
  Enclosing_Mark: 'Me',
  Final_Punctuation: 'Pf',
  Format: 'Cf',
  Initial_Punctuation: 'Pi',
  Letter: 'L',
  Letter_Number: 'Nl',
  Line_Separator: 'Zl',
  Lowercase_Letter: 'Ll',
  Mark: 'M',
  Math_Symbol: 'Sm',
  Modifier_Letter: 'Lm',
  Modifier_Symbol: 'Sk',
  Nonspacing_Mark: 'Mn',
  Number: 'N',
  Open_Punctuation: 'Ps',
  Other: 'C',
  Other_Letter: 'Lo',
  Other_Number: 'No',
  Other_Punctuation: 'Po',
  Other_Symbol: 'So',
  Paragraph_Separator: 'Zp',
  Private_Use: 'Co',
  Punctuation: 'P',
  Separator: 'Z',
  Space_Separator: 'Zs',
  Spacing_Mark: 'Mc',
  Surrogate: 'Cs',
  Symbol: 'S',
  Titlecase_Letter: 'Lt',
  Unassigned: 'Cn',
  Uppercase_Letter: 'Lu',
  cntrl: 'Cc',
  digit: 'Nd',
  punct: 'P',
};

/** What a `\p{name}` stands for: a JS property (maybe inverted), all code points, or ASCII. */
export type UnicodeTable = { prop: string; inverted: boolean } | { all: true } | { ascii: true };

/** Go 1.26's canonicalName: first letter upper, the rest lower, without `_`, `-` and spaces. */
function canonicalName(name: string): string {
  const s = name.replace(/[_\- ]/g, '');
  const lower = s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lower.replace(/^[a-z]/, (c) => c.toUpperCase());
}

const byCanonicalName = new Map<string, UnicodeTable>();
for (const c of CATEGORIES) byCanonicalName.set(c === 'LC' ? 'Lc' : c, { prop: c, inverted: false });
for (const s of SCRIPTS)
  if (canonicalName(s) === s) byCanonicalName.set(s, { prop: `Script=${s}`, inverted: false });
for (const [alias, c] of Object.entries(CATEGORY_ALIASES))
  byCanonicalName.set(canonicalName(alias), { prop: c, inverted: false });
byCanonicalName.set('Any', { all: true });
byCanonicalName.set('Assigned', { prop: 'Cn', inverted: true });
byCanonicalName.set('Ascii', { ascii: true });

const exact = new Map<string, UnicodeTable>();
for (const c of CATEGORIES) exact.set(c, { prop: c, inverted: false });
for (const s of SCRIPTS) exact.set(s, { prop: `Script=${s}`, inverted: false });

/** The table `\p{name}` names, or undefined when RE2 knows no such name. */
export function unicodeTable(name: string): UnicodeTable | undefined {
  return exact.get(name) ?? byCanonicalName.get(canonicalName(name));
}
