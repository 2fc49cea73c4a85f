import type { SecretBox } from '../../platform/secrets.js';
import type { OperationDeps } from '../dependencies.js';
import type { UrlPolicy } from './destination-url.js';

/** Integration operations also seal secrets and check where URLs lead. */
export interface IntegrationDeps extends OperationDeps {
  secrets: SecretBox;
  urls: UrlPolicy;
}
