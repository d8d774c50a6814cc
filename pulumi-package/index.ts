/** The package's provider: Pulumi runs it and asks it for the schema and the components. */
import { componentProviderHost } from '@pulumi/pulumi/provider/experimental';
import { COMPONENTS } from './components';

export * from './components';

void componentProviderHost({ components: COMPONENTS, name: 'regcred' });
