/** Handoff settings' public surface (re-exported by client/index.ts). */
export { HandoffSettingsSchema, type HandoffSettings, type HandoffSettingsInput } from './settingsSchema.ts';
export { parseHandoffSettings } from './parseSettings.ts';
export { checkSettings, type SettingsDecision } from './checkSettings.ts';
export { HandoffSettingsError, ChannelNotAllowedError, OutsideOfficeHoursError } from './settingsErrors.ts';
export { describeHandoffSettings } from './describeSettings.ts';
