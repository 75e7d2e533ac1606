-- AlterTable
ALTER TABLE "Study" ADD COLUMN     "closeGraceMinutes" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "declineCode" TEXT,
ADD COLUMN     "declineRedirectUrl" TEXT,
ADD COLUMN     "exportProlificIds" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "minScreenHeight" INTEGER,
ADD COLUMN     "minScreenWidth" INTEGER,
ADD COLUMN     "participantTitle" TEXT NOT NULL DEFAULT 'Image comparison',
ADD COLUMN     "question" TEXT NOT NULL DEFAULT 'Which image has the better overall quality?',
ADD COLUMN     "scaleLabels" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "showPrompt" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "pilot" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Vote" ADD COLUMN     "deviceClass" TEXT,
ADD COLUMN     "focusLosses" INTEGER,
ADD COLUMN     "hiddenMs" INTEGER,
ADD COLUMN     "screenHeight" INTEGER,
ADD COLUMN     "screenWidth" INTEGER,
ADD COLUMN     "viewportHeight" INTEGER,
ADD COLUMN     "viewportWidth" INTEGER;
