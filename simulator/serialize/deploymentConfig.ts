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
            displayContext: deployment.preChatDisplayContext ?? 'Conversation',
            formFields: fields.map((f) => ({
              name: f.name,
              label: f.label ?? f.name,
              order: f.order,
              type: f.type,
              required: f.required,
              maxLength: f.maxLength,
              isHidden: f.isHidden,
              choiceListId: f.choiceList?.id ?? null,
            })),
          },
        ]
      : [],
    choiceListConfig: {
      choiceList: fields.flatMap((f) =>
        f.choiceList
          ? [
              {
                choiceListId: f.choiceList.id,
                choiceListValues: f.choiceList.values.map((v, i) => ({ choiceListValueId: v.id, choiceListValueName: v.name, order: i + 1, isDefaultValue: v.isDefault })),
              },
            ]
          : [],
      ),
    },
    attachments: { endUserToAgent: true, maxFileSize: 5 },
    transcript: { allowTranscriptDownload: deployment.allowTranscriptDownload },
    customLabels: [],
  };
}

/**
 * `toEmbeddedServiceConfig` as JSON text, for the token replies: serialized once per deployment and
 * auth mode, and again after any change to the directory (`version` is the directory's, which moves
 * on every change; a stored deployment is frozen, so none changes in place). One per simulator.
 */
export function embeddedServiceConfigTexts(): (deployment: Deployment, authMode: AuthMode, directoryVersion: number) => string {
  let version: number | undefined;
  let texts = new WeakMap<Deployment, Partial<Record<AuthMode, string>>>();
  return (deployment, authMode, directoryVersion) => {
    if (directoryVersion !== version) {
      version = directoryVersion;
      texts = new WeakMap();
    }
    let byMode = texts.get(deployment);
    if (!byMode) texts.set(deployment, (byMode = {}));
    return (byMode[authMode] ??= JSON.stringify(toEmbeddedServiceConfig(deployment, authMode)));
  };
}
