import type { FlowPart, FlowPartKind, GiftFlow } from "../../domain/gift-flow.ts";
import { textLang, usePage } from "./page-context.ts";

/** The viewBox width of a bar: the whole gift. Bars keep their aspect ratio, so patterns are not stretched. */
const WIDTH = 1000;
const HEIGHT = 44;

/**
 * The gift's journey as a picture: one bar per organisation, each as wide as its part of the gift
 * and drawn under the part that passed it on, split into what it spent, still holds and passed on.
 * The bars are decoration for eyes that want the shape; the words beside each bar say everything
 * (organisation, amounts, what each part is), so screen readers skip the bars, and every kind of
 * part has its own pattern as well as its colour. Plain markup, so it works without JavaScript.
 */
export function FlowPicture(props: { flow: GiftFlow; money: (minorUnits: bigint) => string }) {
  const t = usePage().t.track.flow;
  const { flow, money } = props;
  const x = (value: bigint) => Number((value * BigInt(WIDTH * 10)) / flow.amount) / 10;
  return (
    <figure class="flow">
      <FlowPatterns />
      <figcaption class="visually-hidden">{t.caption}</figcaption>
      <ol class="flow-places">
        {flow.places.map((place) => {
          let at = place.offset;
          const name = <strong lang={textLang(place.organisation.name)}>{place.organisation.name}</strong>;
          return (
            <li>
              <p class="flow-who">{place.hop === 0 ? t.gift(name, money(place.received)) : t.received(name, money(place.received))}</p>
              <svg class="flow-bar" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
                <rect class="flow-track" x="0" y="6" width={WIDTH} height={HEIGHT - 12} />
                {place.parts.map((part) => {
                  const left = x(at);
                  at += part.amount;
                  return <rect class={`flow-${part.kind}`} x={left} y="2" width={Math.max(x(at) - left, part.amount > 0n ? 2 : 0)} height={HEIGHT - 4} />;
                })}
              </svg>
              <ul class="flow-parts">
                {place.parts.map((part) => (
                  <li>
                    <Swatch kind={part.kind} />
                    {/* One flex item, so the gap falls only after the swatch. */}
                    <span>
                      <PartLabel part={part} />: <strong>{money(part.amount)}</strong>
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

function PartLabel(props: { part: FlowPart }) {
  const t = usePage().t.track.flow.parts;
  const { part } = props;
  const to = part.to ? <span lang={textLang(part.to.name)}>{part.to.name}</span> : "";
  if (part.kind === "passedOn") return <>{t.passedOn(to)}</>;
  if (part.kind === "inTransit") return <>{t.inTransit(to)}</>;
  return <>{t[part.kind]}</>;
}

function Swatch(props: { kind: FlowPartKind }) {
  return (
    <svg class="flow-swatch" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect class={`flow-${props.kind}`} x="1" y="1" width="22" height="22" />
    </svg>
  );
}

/**
 * The patterns that tell the parts apart without colour, defined once for every bar and swatch
 * on the page (an inline SVG's patterns can be used by the other inline SVGs of the document).
 */
function FlowPatterns() {
  return (
    <svg class="flow-defs" width="0" height="0" aria-hidden="true" focusable="false">
      <defs>
        <pattern id="flow-hatch" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="10" height="10" fill="#dbe7f6" />
          <rect width="4" height="10" fill="#0a4f9e" />
        </pattern>
        <pattern id="flow-dots" width="10" height="10" patternUnits="userSpaceOnUse">
          <rect width="10" height="10" fill="#fff1cc" />
          <circle cx="5" cy="5" r="2.5" fill="#6e4400" />
        </pattern>
        <pattern id="flow-cross" width="10" height="10" patternUnits="userSpaceOnUse">
          <rect width="10" height="10" fill="#fde6e6" />
          <path d="M0 0L10 10M10 0L0 10" stroke="#a3161a" stroke-width="2" />
        </pattern>
      </defs>
    </svg>
  );
}
