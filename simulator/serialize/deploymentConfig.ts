import type { AuthMode, Deployment } from '../store/types.ts';

/** `embeddedServiceConfig` as token responses and the embedded-service-config endpoint carry it. */
export function toEmbeddedServiceConfig(deployment: Deployment, authMode: AuthMode = deployment.allowGuests ? 'UnAuth' : 'Auth') {
  const fields = [...deployment.preChatFields].sort((a, b) => a.order - b.order);
  return {
    name: deployment.name,
    deploymentType: 'API', // a real custom-client token carries esDeploymentType "API"
    embeddedServiceMessagingChannel: {
      channelAddressIdentifier: deployment.channelAddressIdentifier,
      authMode,
      esClientVersion: 'WebV2',
    },
    forms: fields.length
      ? [
          {
            formType: 'PreChat',
            displayContext: 'Conversation',
            formFields: fields.map((f) => ({ ...f, label: f.name, choiceListId: null })),
          },
        ]
      : [],
    choiceListConfig: { choiceList: [] },
    attachments: { endUserToAgent: true, maxFileSize: 5 },
    transcript: { allowTranscriptDownload: deployment.allowTranscriptDownload },
    customLabels: [],
  };
}
