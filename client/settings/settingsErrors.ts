import { HandoffConfigError, HandoffError } from '../errors.ts';

/** The handoff settings are invalid: the message names the field (`settings.officeHours.timeZone ...`). */
export class HandoffSettingsError extends HandoffConfigError {}

/** The handoff settings do not let this session's channel hand off (`settings.channels`). */
export class ChannelNotAllowedError extends HandoffError {}

/**
 * The handoff came outside the office hours and the settings say `outsideHours: "refuse"`: tell the
 * customer when a human is back (`opensAt`, shown on the hours' wall clock in the message).
 */
export class OutsideOfficeHoursError extends HandoffError {
  /** When the office hours open again; undefined when they never open in the coming year. */
  readonly opensAt?: Date;
  readonly timeZone: string;

  constructor(init: ConstructorParameters<typeof HandoffError>[0] & { opensAt?: Date; timeZone: string }) {
    super(init);
    this.opensAt = init.opensAt;
    this.timeZone = init.timeZone;
  }
}
