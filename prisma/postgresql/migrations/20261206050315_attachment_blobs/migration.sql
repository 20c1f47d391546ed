-- CreateTable
CREATE TABLE "AttachmentBlob" (
    "attachmentId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "AttachmentBlob_pkey" PRIMARY KEY ("attachmentId","seq")
);

-- AddForeignKey
ALTER TABLE "AttachmentBlob" ADD CONSTRAINT "AttachmentBlob_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Attachments are mostly compressed already (PDF, Office, images): out of line without trying
-- to compress them again (docs/decisions/029)
ALTER TABLE "AttachmentBlob" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
