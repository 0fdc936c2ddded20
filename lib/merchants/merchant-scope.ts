// The scope moved to lib/auth (who may see what); this path stays only until every importer says @/lib/auth/merchant-scope.
export { merchantScope } from "@/lib/auth/merchant-scope";
