/** The static half of the integration contract, over every integration the hub serves. */
import { integrations } from '../../integrations/index.ts';
import { checkIntegrationShape } from './integration-contract.ts';

checkIntegrationShape(integrations);
