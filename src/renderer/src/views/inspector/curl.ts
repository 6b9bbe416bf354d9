export { type CurlRequest, quote, requestToCurl, secretVariable } from '../../../../shared/curl'
