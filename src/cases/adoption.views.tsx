import { Checkbox } from '../ui/choices.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { many, one, type FormState } from './cases.form.js';
import { caseMessages } from './cases.messages.js';
import { Button, Heading, Link, Paragraph } from '../ui/ds.js';

export function AdoptPage({ ctx, caseId, caseTitle, ownerName, state, errors, orgOptions }: { ctx: ViewContext; caseId: string; caseTitle: string; ownerName: string; state: FormState; errors: FormErrors; orgOptions: Option[] }) {
  const cm = caseMessages(ctx.lang);
  const title = cm.adoptTitle;
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${ctx.m.errors.title}: ${title}` : title} section="cases">
      <ErrorSummary errors={errors} m={ctx.m} labels={{ adopterOrgnr: cm.adopterOrg, adoptedOn: cm.adoptedOn, changes: cm.adoptChanges, result: cm.adoptResult }} />
      <Paragraph>
        <Link href={`/cases/${caseId}`}>
          {caseTitle}
        </Link>{' '}
        ({ownerName})
      </Paragraph>
      <Heading level={1} size="lg">
        {title}
      </Heading>
      <form method="post" action={`/cases/${caseId}/adopt`} novalidate class="stack narrow-wide">
        <CsrfField token={ctx.csrfToken} />
        {orgOptions.length > 1 ? (
          <SelectField name="adopterOrgnr" label={cm.adopterOrg} value={one(state, 'adopterOrgnr')} error={errors.adopterOrgnr} options={[{ value: '', label: cm.f.choose }, ...orgOptions]} required />
        ) : (
          <>
            <input type="hidden" name="adopterOrgnr" value={orgOptions[0]?.value ?? ''} />
            {errors.adopterOrgnr ? (
              <div class="ds-validation-message" data-color="danger" id="field-adopterOrgnr" tabIndex={-1}>
                {errors.adopterOrgnr}
              </div>
            ) : (
              <Paragraph>
                {cm.adopterOrg}: <strong>{orgOptions[0]?.label}</strong>
              </Paragraph>
            )}
          </>
        )}
        <TextField name="adoptedOn" label={cm.adoptedOn} value={one(state, 'adoptedOn')} error={errors.adoptedOn} required />
        <TextArea name="changes" label={cm.adoptChanges} value={one(state, 'changes')} error={errors.changes} rows={3} />
        <TextArea name="result" label={cm.adoptResult} value={one(state, 'result')} error={errors.result} rows={3} />
        <Checkbox name="createCase" label={cm.adoptCreateCase} checked={many(state, 'createCase').includes('true')} />
        <div>
          <Button variant="primary">
            {cm.adoptSubmit}
          </Button>
        </div>
      </form>
    </Layout>
  );
}

// ---------- history ----------
