#!/usr/bin/env python3
"""An external handoff client in Python: the standard library plus PyJWT, nothing from miaw-sim.

It signs a customer identity token (RS256), exchanges it for a MIAW access token, creates a
conversation with routing attributes and sends the bot's transcript as the customer's messages,
retrying 429, 5xx and network errors with the same ids. It finds its target in MIAW_* variables
(set by `miaw-sim scenario run` and `miaw-sim exec`), and the session's channel, language and
priority in MIAW_CHANNEL, MIAW_LANGUAGE, MIAW_PRIORITY; exit code 0 when the handoff is done.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

import jwt  # PyJWT (with cryptography for RS256)

TRANSCRIPT = ["I was charged twice for order 1042.", "The assistant could not refund it; I would like a person."]
# The bot session's inputs, as `miaw-sim scenario run` gives them from the scenario's handoff step
# (MIAW_SESSION_FILE holds the whole session as JSON); defaults when run without them.
CHANNELS = {"web": "Web", "whatsapp": "WhatsApp", "sms": "SMS", "phone": "Phone"}
CHANNEL = os.environ.get("MIAW_CHANNEL") or "web"
ROUTING = {
    "Origin": "ExamplePython",
    "Chat_language": os.environ.get("MIAW_LANGUAGE") or "en",
    "Channel": CHANNELS.get(CHANNEL, CHANNEL),
    "Priority": os.environ.get("MIAW_PRIORITY") or "Low",
}


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"{name} is not set")
    return value


API = env("MIAW_MESSAGING_URL") + "/iamessage/api/v2"
ORG_ID = env("MIAW_ORG_ID")
ES_DEVELOPER_NAME = env("MIAW_ES_DEVELOPER_NAME")


def identity_token():
    """RS256 JWT: header kid = the Auth Key ID, claims iss, sub, iat, a short exp, jti."""
    now = int(time.time())
    with open(env("MIAW_PRIVATE_KEY_FILE"), "rb") as f:
        key = f.read()
    claims = {"iss": env("MIAW_ISSUER"), "sub": "customer-1042@example.com", "iat": now, "exp": now + 300, "jti": str(uuid.uuid4())}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": env("MIAW_AUTH_KEY_ID")})


def call(method, path, body, token=None):
    """One MIAW call, retried on 429 (after Retry-After), 5xx and network errors, at most 5 attempts."""
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    for attempt in range(1, 6):
        request = urllib.request.Request(API + path, data=json.dumps(body).encode(), headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as err:
            text = err.read().decode()
            if (err.code == 429 or err.code >= 500) and attempt < 5:
                after = err.headers.get("retry-after")
                print(f"{method} {path}: {err.code}, retrying", file=sys.stderr)
                time.sleep(float(after) if after else 0.1 * 2**attempt)
                continue
            sys.exit(f"{method} {path} answered {err.code}: {text[:300]}")
        except (urllib.error.URLError, ConnectionError) as err:
            if attempt >= 5:
                sys.exit(f"{method} {path}: {err}")
            print(f"{method} {path}: network error ({err}), retrying", file=sys.stderr)
            time.sleep(0.1 * 2**attempt)


def main():
    access = call("POST", "/authorization/authenticated/access-token", {
        "orgId": ORG_ID,
        "esDeveloperName": ES_DEVELOPER_NAME,
        "capabilitiesVersion": "1",
        "platform": "Web",
        "authorizationType": "JWT",
        "customerIdentityToken": identity_token(),
    })
    token = access["accessToken"]
    conversation_id = str(uuid.uuid4())
    call("POST", "/conversation", {"conversationId": conversation_id, "esDeveloperName": ES_DEVELOPER_NAME, "routingAttributes": ROUTING}, token)
    for text in TRANSCRIPT:
        message = {"id": str(uuid.uuid4()), "messageType": "StaticContentMessage", "staticContent": {"formatType": "Text", "text": text}}
        call("POST", f"/conversation/{conversation_id}/message", {"esDeveloperName": ES_DEVELOPER_NAME, "message": message}, token)
    print(f"handed off conversation {conversation_id}")


if __name__ == "__main__":
    main()
