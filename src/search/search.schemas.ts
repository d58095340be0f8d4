import { Type } from '@sinclair/typebox';
import { CaseListQuery } from '../cases/index.js';

/** The search page takes the case list's query (GET /api/v1/cases, declared by cases, whose API it is). */
export const SearchQuery = CaseListQuery;

export const SimilarResponse = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), summary: Type.String(), owner: Type.Object({ orgnr: Type.Union([Type.String(), Type.Null()]), name: Type.String() }) })),
});
