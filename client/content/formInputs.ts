import { z } from 'zod';

/** The kinds of input a form offers; anything else reads as `Text`. */
export type FormInputType = 'Text' | 'Email' | 'Phone' | 'Number' | 'Date' | 'SingleSelect' | 'MultiSelect';

/**
 * One input of a rep's form, as a channel shows it: the answer goes under `name` in the
 * FormResponse (`handoff.answerForm({[name]: value})`); a select is answered with option `id`s
 * (its `optionIdentifier`s: one string, or an array for MultiSelect).
 */
export interface FormInput {
  name: string;
  type: FormInputType;
  label?: string;
  required: boolean;
  options?: Array<{ id: string; title: string }>;
}

const TYPES = ['Text', 'Email', 'Phone', 'Number', 'Date', 'SingleSelect', 'MultiSelect'] as const;
const Option = z.looseObject({ optionIdentifier: z.string().min(1), titleItem: z.looseObject({ title: z.string().min(1) }) });
const Input = z.looseObject({
  name: z.string().min(1).max(255),
  inputType: z.enum(TYPES).catch('Text'),
  label: z.looseObject({ title: z.string().min(1) }).optional().catch(undefined),
  required: z.boolean().catch(false),
  optionItems: z.array(z.unknown()).optional().catch(undefined),
});
const Sections = z.array(z.looseObject({ inputs: z.array(z.unknown()) }));

const readOption = (raw: unknown) => {
  const option = Option.safeParse(raw);
  return option.success ? [{ id: option.data.optionIdentifier, title: option.data.titleItem.title }] : [];
};

/**
 * The inputs of a form (`sections[].inputs[]`), read leniently: an input without a name is
 * skipped, an unknown input type reads as Text, a select keeps only the options it can name, and a
 * select left without options is skipped (nothing could answer it). Never throws.
 */
export function formInputs(form: Record<string, unknown>): FormInput[] {
  const sections = Sections.safeParse(form.sections);
  if (!sections.success) return [];
  const inputs: FormInput[] = [];
  for (const raw of sections.data.flatMap((s) => s.inputs)) {
    const parsed = Input.safeParse(raw);
    if (!parsed.success || inputs.some((i) => i.name === parsed.data.name)) continue;
    const { name, inputType, label, required, optionItems } = parsed.data;
    const select = inputType === 'SingleSelect' || inputType === 'MultiSelect';
    const options = select ? (optionItems ?? []).flatMap(readOption) : undefined;
    if (select && !options?.length) continue;
    inputs.push({ name, type: inputType, ...(label ? { label: label.title } : {}), required, ...(options ? { options } : {}) });
  }
  return inputs;
}
