import { z } from 'zod';

/**
 * How each messaging channel shows rich messages (`rendering` in the handoff configuration).
 * Every field has a default, so `{}` is a complete configuration.
 */
export const RenderConfigSchema = z
  .object({
    web: z
      .object({
        /** false: the web channel gets numbered text like SMS (a widget that only shows text). */
        structured: z.boolean().default(true),
      })
      .prefault({}),
    whatsapp: z
      .object({
        /** WhatsApp shows at most 3 reply buttons. */
        maxReplyButtons: z.number().int().min(0).max(3).default(3),
        /** WhatsApp lists hold at most 10 rows; 0 never uses a list. */
        maxListRows: z.number().int().min(0).max(10).default(10),
        /** WhatsApp cuts a reply button's title at 20 characters and a list row's at 24: longer titles fall back to numbered text. */
        buttonTitleMax: z.number().int().min(1).max(20).default(20),
        rowTitleMax: z.number().int().min(1).max(24).default(24),
        /** The label of the button that opens a list. */
        listButton: z.string().min(1).max(20).default('Choose'),
      })
      .prefault({}),
    sms: z.object({ optionSeparator: z.string().max(10).default('  ') }).prefault({}),
    phone: z.object({ optionSeparator: z.string().max(10).default('  ') }).prefault({}),
  })
  .prefault({});

export type RenderConfig = z.output<typeof RenderConfigSchema>;
export type RenderConfigInput = z.input<typeof RenderConfigSchema>;

export const defaultRenderConfig = (): RenderConfig => RenderConfigSchema.parse(undefined);
