CREATE TABLE "stranger_writes" (
	"kind" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"rows" integer DEFAULT 0 NOT NULL,
	"bytes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stranger_writes_pk" PRIMARY KEY("kind","minute")
);
