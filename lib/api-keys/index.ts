export { createApiKey } from "./create-api-key";
export { applyActivateApiKey, revokeApiKey, rollApiKey } from "./change-api-key";
export { readApiKeys, type ApiKeyView } from "./api-key-view";
