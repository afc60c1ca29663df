"""Arduino IoT Cloud authentication: the client-credentials token endpoint and the checks
every API request goes through (token, organization, rate limit)."""

import base64
import json
import secrets
import urllib.parse

from iotcloud_emulator.common import JSON_TYPE, HttpError, Response, error_id


def _b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode("utf-8")).rstrip(b"=").decode("ascii")


def token_error(status, error, detail):
    """An error of the token endpoint. It carries both the OAuth2 fields (`error`,
    `error_description`, RFC 6749 5.2) that OAuth client libraries read and the goa fields
    `{id, code, status, detail}` that the rest of the API uses."""
    return Response.json(status, {"error": error, "error_description": detail, "id": error_id(),
                                  "code": error, "status": status, "detail": detail}, JSON_TYPE)


def issue_token(req):
    """POST /iot/v1/clients/token: the client-credentials grant, bound to an organization."""
    state = req.state
    form = req.form()
    if form.get("grant_type") != "client_credentials":
        return token_error(400, "unsupported_grant_type",
                           "grant_type must be client_credentials")
    client_id, secret = form.get("client_id") or "", form.get("client_secret") or ""
    basic = req.header("Authorization") or ""
    if basic.lower().startswith("basic "):
        # client_secret_basic (RFC 6749 2.3.1), what OAuth libraries send by default
        try:
            client_id, _sep, secret = base64.b64decode(basic[6:].strip()).decode("utf-8") \
                .partition(":")
            client_id, secret = urllib.parse.unquote(client_id), urllib.parse.unquote(secret)
        except (ValueError, UnicodeDecodeError):
            return token_error(401, "invalid_client", "malformed Basic credentials")
    client = state.clients.get(client_id)
    # bytes: compare_digest refuses str with non-ASCII characters
    if client is None or not secrets.compare_digest(secret.encode("utf-8"),
                                                    client.get("client_secret", "").encode("utf-8")):
        return token_error(401, "invalid_client", "wrong client_id or client_secret")
    form_org = (form.get("organization_id") or "").strip() or None
    header_org = req.header("X-Organization")
    if form_org and header_org and form_org.lower() != header_org.lower():
        return token_error(400, "invalid_request",
                           "organization_id and X-Organization name different organizations")
    org = (form_org or header_org or "").lower() or None
    req.organization = org
    if org is not None:
        allowed = [o.lower() for o in client.get("organizations") or []]
        if org not in state.orgs or ("*" not in allowed and org not in allowed):
            return token_error(403, "access_denied",
                               "client is not a member of organization %s" % org)
    now = state.clock.now()
    claims = {"http://arduino.cc/id": client["user_id"], "http://arduino.cc/organization": org,
              "iat": int(now), "exp": int(now + state.token_ttl), "jti": secrets.token_hex(8)}
    token = "%s.%s.%s" % (_b64({"alg": "HS256", "typ": "JWT"}), _b64(claims),
                          secrets.token_urlsafe(24))
    state.tokens[token] = {"client_id": client["client_id"], "user_id": client["user_id"],
                           "organization": org, "expires_at": now + state.token_ttl}
    return Response.json(200, {"access_token": token, "expires_in": state.token_ttl,
                               "token_type": "Bearer"})


def authenticate(req):
    """Check the bearer token and X-Organization; fill req.user_id / req.organization.
    Raises HttpError 401 or 403 (goa errors)."""
    state = req.state
    header_org = req.header("X-Organization")
    if header_org:
        req.organization = header_org.lower()
    auth = req.header("Authorization") or ""
    if not auth.lower().startswith("bearer ") or not auth[7:].strip():
        raise HttpError(401, "missing or malformed bearer token", "unauthorized")
    token = auth[7:].strip()
    info = state.tokens.get(token)
    if info is None or info["client_id"] not in state.clients:
        raise HttpError(401, "invalid token", "unauthorized")
    if state.clock.now() >= info["expires_at"]:
        raise HttpError(401, "token expired", "unauthorized")
    org = info["organization"]
    if header_org and header_org.lower() != org:
        raise HttpError(403, "X-Organization %s does not match the organization of the token"
                        % header_org, "forbidden")
    if org is not None and org not in state.orgs:
        raise HttpError(403, "organization %s does not exist" % org, "forbidden")
    req.organization = org
    req.user_id = info["user_id"]
    req.token = token
