// Reads back a stored abstractMessage: its text steps and the option titles it offered.
interface Body {
  messageType?: string;
  choices?: {
    text?: string;
    optionItems?: { titleItem?: { title?: string } }[];
    items?: { titleItem?: { title?: string }; interactionItems?: { titleItem?: { title?: string } }[] }[];
  };
}

export interface Offered {
  /** True for a message that offers choices (buttons, quick replies, a carousel). */
  choices: boolean;
  steps: string[];
  options: string[];
}

const present = (t: string | undefined): t is string => !!t;

export function readBody(json: string): Offered {
  let body: Body;
  try {
    body = JSON.parse(json) as Body;
  } catch {
    return { choices: false, steps: [], options: [] };
  }
  const { choices } = body;
  if (body.messageType !== 'ChoicesMessage' || !choices) return { choices: false, steps: [], options: [] };
  const cards = choices.items ?? [];
  const options = [...(choices.optionItems ?? []), ...cards.flatMap((c) => c.interactionItems ?? [])].map((o) => o.titleItem?.title).filter(present);
  return { choices: true, steps: [choices.text, ...cards.map((c) => c.titleItem?.title)].filter(present), options: [...new Set(options)] };
}
