import { FireRequest } from '../../src/shared/schemas/fire'
import { ControllerInput } from '../../src/shared/schemas/heartbeat'
import { EndpointInput } from '../../src/shared/schemas/receiver'
import { SubscriptionDraft } from '../../src/shared/schemas/subscription'

/**
 * What the API's door does to an input before a service sees it (validation, defaults), for tests
 * that call the engine's services directly: they take parsed values. Any shape goes in: a test
 * may build it loosely, and a wrong one fails here as the API would refuse it.
 */
export const fireRequest = (input: unknown) => FireRequest.parse(input)
export const subscriptionDraft = (input: unknown) => SubscriptionDraft.parse(input)
export const endpointInput = (input: unknown) => EndpointInput.parse(input)
export const controllerInput = (input: unknown) => ControllerInput.parse(input)
