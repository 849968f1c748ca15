import { FormSectionsSchema, type FormInput } from './messageSchema.ts';
import { ownValue } from '../../shared/ownValue.ts';
import type { FormContent } from '../../store/types.ts';

/** A problem with one answer: the field under `message.formResponse` and what is wrong. */
export interface FormAnswerProblem {
  field: string;
  why: string;
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
/** One `@` with something on both sides and no white space: checked without a regular expression. */
const looksLikeEmail = (v: string) => {
  const at = v.indexOf('@');
  return at > 0 && at === v.lastIndexOf('@') && at < v.length - 1 && !/\s/.test(v);
};
const isNumber = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

/** What is wrong with the answer to `input`, or undefined when it fits. */
function problemWith(input: FormInput, value: unknown): string | undefined {
  const options = input.optionItems?.map((o) => o.optionIdentifier) ?? [];
  const offered = `(offered: ${options.join(', ')})`;
  switch (input.inputType) {
    case 'SingleSelect':
      if (typeof value !== 'string') return 'must be the optionIdentifier of one option (a string)';
      return options.includes(value) ? undefined : `${value} is not an option of input ${input.name} ${offered}`;
    case 'MultiSelect': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return 'must be an array of optionIdentifiers';
      const unknown = value.find((v: string) => !options.includes(v));
      return unknown === undefined ? undefined : `${unknown} is not an option of input ${input.name} ${offered}`;
    }
    case 'Number':
      return isNumber(value) ? undefined : 'must be a number';
    case 'Email':
      return typeof value === 'string' && looksLikeEmail(value) ? undefined : 'must be an email address';
    default:
      return typeof value === 'string' ? (value.length <= 32_000 ? undefined : 'must be at most 32000 characters') : 'must be a string';
  }
}

/**
 * Check a FormResponse's answers (`formResponse.result`, keyed by input name) against the inputs
 * the FormMessage offered: every required input answered, no answer to an input the form lacks,
 * each answer of its input's type (a select's among its options). A form without inputs (or one
 * whose stored inputs do not read as inputs, e.g. from an old state file) checks nothing.
 */
export function checkFormAnswers(form: FormContent, formResponse: Record<string, unknown>, formId: string): FormAnswerProblem | undefined {
  const sections = FormSectionsSchema.safeParse(form.sections);
  if (!sections.success || !sections.data) return undefined;
  const inputs = sections.data.flatMap((s) => s.inputs);
  if (!inputs.length) return undefined;
  const result = ownValue(formResponse, 'result');
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return { field: 'result', why: `is required: the answers to FormMessage ${formId}, an object keyed by input name (${inputs.map((i) => i.name).join(', ')})` };
  const answers = result as Record<string, unknown>;
  const names = new Set(inputs.map((i) => i.name));
  const stray = Object.keys(answers).find((name) => !names.has(name));
  if (stray !== undefined) return { field: `result.${stray}`, why: `is not an input of FormMessage ${formId} (inputs: ${[...names].join(', ')})` };
  for (const input of inputs) {
    const value = ownValue(answers, input.name);
    if (isBlank(value)) {
      if (input.required) return { field: `result.${input.name}`, why: `is required by FormMessage ${formId}` };
      continue;
    }
    const why = problemWith(input, value);
    if (why) return { field: `result.${input.name}`, why };
  }
  return undefined;
}
