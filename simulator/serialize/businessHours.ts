/** What `GET /embeddedservice/v1/businesshours` reports: the hours' name, whether any apply, their open intervals, and whether it is open now. */
export interface BusinessHoursView {
  name: string;
  isActive: boolean;
  intervals: Array<{ startTime: number; endTime: number }>;
  isOpen: boolean;
}

/**
 * `{ businessHoursInfo: { name, isActive, businessHours: [{ startTime, endTime }] } }`, the shape
 * Salesforce's mobile SDK reads (epoch-millisecond intervals); `isOpen` is the simulator's own
 * convenience for clients that only want the answer.
 */
export const toBusinessHoursResponse = (view: BusinessHoursView) => ({
  businessHoursInfo: { name: view.name, isActive: view.isActive, businessHours: view.intervals, isOpen: view.isOpen },
});
