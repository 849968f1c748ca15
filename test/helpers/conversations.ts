/** Shared by the conversation endpoint tests (create, list, close). */
export const API = '/iamessage/api/v2';

export const ofType = (c: { entries: any[] }, type: string): any[] => c.entries.filter((e) => e.entryType === type);
