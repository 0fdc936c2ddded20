/** AAD binding each ciphertext to its merchant and column (a value pasted into another row will not decrypt). */
export const merchantSecretAad = (merchantId: string) => `merchants:${merchantId}:merchant_secret`;
export const privateKeyAad = (merchantId: string) => `merchants:${merchantId}:private_key`;
