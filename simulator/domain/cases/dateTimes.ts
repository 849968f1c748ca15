/** `2026-12-02T04:45:00.000+0000`: how the REST API writes a datetime. */
export const salesforceDateTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
