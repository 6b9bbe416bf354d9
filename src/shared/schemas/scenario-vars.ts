/** Variable names: `host`, `api_port`. */
export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export type VarValue = string | number | boolean
export type VarPath = Array<string | number>
