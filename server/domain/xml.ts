/**
 * Escaping for XML 1.0 text and attribute values, and a small element writer on top of it, so no
 * export ever puts unescaped text into a document. Text from the ledger is anyone's (a campaign's
 * title is whatever its organisation wrote on-chain), so besides the five markup characters it may
 * hold characters XML 1.0 cannot carry at all, escaped or not: C0 controls other than tab, LF and
 * CR, U+FFFE, U+FFFF and lone surrogates. Those become U+FFFD, the replacement character, so the
 * document stays well-formed and the rest of the text survives.
 */

// Not in XML 1.0's Char production; a lone surrogate is a high one not followed by a low one, or a low one not after a high one.
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `value` as character data of an element. */
export function escapeXmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, "\ufffd").replace(/[&<>]/g, (c) => TEXT_ESCAPES[c]!);
}

/**
 * `value` inside a double-quoted attribute. Tab, LF and CR are written as character references:
 * an XML parser would otherwise normalise them to spaces.
 */
export function escapeXmlAttribute(value: string): string {
  return value.replace(NOT_XML_CHAR, "\ufffd").replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" };

export type XmlAttributes = Readonly<Record<string, string | undefined>>;

/** An element name or attribute name of the few this project writes: a programming error otherwise, never input. */
const NAME = /^[A-Za-z_][\w.:-]*$/;

function attributes(attrs: XmlAttributes): string {
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (!NAME.test(name)) throw new Error(`not an XML attribute name: ${name}`);
    out += ` ${name}="${escapeXmlAttribute(value)}"`;
  }
  return out;
}

function checkedName(name: string): string {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  return name;
}

/** `<name attrs>` */
export function openTag(name: string, attrs: XmlAttributes = {}): string {
  return `<${checkedName(name)}${attributes(attrs)}>`;
}

/** `</name>` */
export function closeTag(name: string): string {
  return `</${checkedName(name)}>`;
}

/**
 * A whole element: empty (`<name attrs/>`), or holding escaped text, or holding children that are
 * already XML (built by these functions). Attributes whose value is undefined are left out.
 */
export function element(name: string, attrs: XmlAttributes = {}, content?: { text: string } | { xml: readonly string[] }): string {
  if (content === undefined) return `<${checkedName(name)}${attributes(attrs)}/>`;
  const inner = "text" in content ? escapeXmlText(content.text) : content.xml.join("");
  return `${openTag(name, attrs)}${inner}${closeTag(name)}`;
}
